import type { ReactNode } from "react";
import { useShell } from "../shell/shell-context";
import { MenuIcon } from "./icons";

/** A page's title and lead, with the drawer's button on phones and the page's action at the end. */
export function PageHeader({ title, lead, action }: { title: string; lead: ReactNode; action?: ReactNode }) {
  const { openDrawer } = useShell();
  return (
    <header className="page-header">
      <button type="button" className="icon-btn mobile-only" onClick={openDrawer} aria-label="Open navigation">
        <MenuIcon />
      </button>
      <div>
        <h1>{title}</h1>
        <p className="muted">{lead}</p>
      </div>
      {action}
    </header>
  );
}
