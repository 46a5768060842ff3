import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { withProductionNodeEnv } from "@parley/db/testing";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    webDist: string;
  }
}

const webRoot = resolve(import.meta.dirname, "../..");

/** Builds the web app once for every browser test, into a temporary folder. */
export default async function setup(project: TestProject) {
  const outDir = await mkdtemp(join(tmpdir(), "parley-web-e2e-"));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  await withProductionNodeEnv(() =>
    build({
      root: webRoot,
      mode: "production",
      configFile: join(webRoot, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    }),
  );
  project.provide("webDist", outDir);
  return async () => {
    await rm(outDir, { recursive: true, force: true });
  };
}
