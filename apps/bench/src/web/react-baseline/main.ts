// The least a React app ships: ReactDOM's client renderer (which brings React), rendering text.
import { createRoot } from "react-dom/client";

const root = document.getElementById("root");
if (root) createRoot(root).render("Hello");
