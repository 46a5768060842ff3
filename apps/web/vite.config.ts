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
        // The charting library is loaded only when a reply draws a chart, highlight.js only when a
        // reply has a code block: each keeps a chunk of its own (the first group that matches
        // wins), out of the initial vendor chunk.
        codeSplitting: {
          groups: [
            { name: "charts", test: /node_modules[\\/](\.pnpm[\\/])?(lightweight-charts|fancy-canvas)/ },
            { name: "vendor", test: /node_modules(?!.*[\\/]highlight\.js[\\/])/ },
          ],
        },
      },
    },
  },
});
