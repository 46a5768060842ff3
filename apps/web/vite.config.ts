import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// In dev, the API runs on its own port (apps/server); Vite forwards /trpc there, WebSockets too,
// so the browser sees one origin exactly as in production.
export default defineConfig({
  plugins: [react()],
  // Workspace packages as TypeScript source (@parley/fill-files reads @parley/api's run schemas),
  // as in tests: no package needs building first.
  resolve: { conditions: ["@parley/source", ...defaultClientConditions] },
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
        // The charting library is loaded only when a reply draws a chart, highlight.js only when a
        // reply has a code block: each keeps a chunk of its own (the first group that matches
        // wins), out of the initial vendor chunk. zod comes only with the fill import dialog.
        codeSplitting: {
          groups: [
            { name: "fill-import", test: /node_modules[\\/](\.pnpm[\\/])?zod[@\\/]/ },
            { name: "charts", test: /node_modules[\\/](\.pnpm[\\/])?(lightweight-charts|fancy-canvas)/ },
            { name: "vendor", test: /node_modules(?!.*[\\/]highlight\.js[\\/])/ },
          ],
        },
      },
    },
  },
});
