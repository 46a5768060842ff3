import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { withProductionNodeEnv } from "@parley/db/testing";
import { build } from "vite";

const webRoot = resolve(import.meta.dirname, "../../../web");
const baselineRoot = resolve(import.meta.dirname, "react-baseline");

export interface Builds {
  /** apps/web as `pnpm --filter @parley/web build` makes it (its own vite.config.ts). */
  app: string;
  /** React + ReactDOM and a one-line render, with the app's build target. */
  reactBaseline: string;
  remove(): Promise<void>;
}

// Vite picks React's development or production build from NODE_ENV as it is when the build
// starts; set it as `vite build` would, and put back what was there for the server that follows.
const inProduction = withProductionNodeEnv;

/** Builds the web app and the React-only baseline into fresh temporary folders. */
export async function buildBoth(): Promise<Builds> {
  const app = await mkdtemp(join(tmpdir(), "parley-bench-web-"));
  const reactBaseline = await mkdtemp(join(tmpdir(), "parley-bench-react-"));
  const common = { mode: "production", logLevel: "warn" as const };
  await inProduction(async () => {
    await build({
      ...common,
      root: webRoot,
      configFile: join(webRoot, "vite.config.ts"),
      build: { outDir: app, emptyOutDir: true, sourcemap: false },
    });
    await build({
      ...common,
      root: baselineRoot,
      configFile: false,
      build: { outDir: reactBaseline, emptyOutDir: true, sourcemap: false, target: "es2022" },
    });
  });
  return {
    app,
    reactBaseline,
    async remove() {
      await rm(app, { recursive: true, force: true });
      await rm(reactBaseline, { recursive: true, force: true });
    },
  };
}
