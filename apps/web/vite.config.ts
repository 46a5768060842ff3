import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In dev, the API runs on its own port (apps/server); Vite forwards /trpc there, WebSockets too,
// so the browser sees one origin exactly as in production.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/trpc": { target: "http://127.0.0.1:3000", ws: true, changeOrigin: true },
    },
  },
  build: {
    target: "es2022",
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: a separate chunk stays cached across releases.
        // Libraries loaded lazily (highlight.js) stay in their own chunks, out of the initial JS.
        codeSplitting: { groups: [{ name: "vendor", test: /node_modules(?!.*[\\/]highlight\.js[\\/])/ }] },
      },
    },
  },
});
