import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const clientDir = join(repoRoot, "packages", "client");

/** `pnpm --filter @parley/client pack` (which builds first) into `destination`; the tarball's path. */
export async function packClient(destination: string): Promise<string> {
  await run("pnpm", ["--filter", "@parley/client", "pack", "--pack-destination", destination], { cwd: repoRoot });
  const [tarball] = (await readdir(destination)).filter((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${destination}`);
  return join(destination, tarball);
}

/** publint and Are the Types Wrong on the tarball; either one's complaint rejects. */
export async function lintTarball(tarball: string): Promise<void> {
  await run("pnpm", ["exec", "publint", "run", "--strict", tarball], { cwd: clientDir });
  // ESM only, on purpose (the package is "type": "module"): node10 and require() are out.
  await run("pnpm", ["exec", "attw", tarball, "--profile", "esm-only", "--format", "ascii"], { cwd: clientDir });
}

/** The README's example for an internal app, exactly as the README shows it. */
export async function readmeExample(): Promise<string> {
  const readme = await readFile(join(clientDir, "README.md"), "utf8");
  const block = /<!-- internal-app-example -->\n```ts\n([\s\S]*?)\n```/.exec(readme);
  if (!block?.[1]) throw new Error("packages/client/README.md has no internal-app example block");
  return block[1];
}

/**
 * A project as another team would start it: its own package.json, the tarball and the rest from
 * the npm registry (npm's cache makes it fast after the first time), strict TypeScript.
 */
export async function createOutsideProject(dir: string, tarball: string, sources: Record<string, string>): Promise<void> {
  const packageJson = {
    name: "outside-app",
    private: true,
    type: "module",
    dependencies: { "@parley/client": `file:${tarball}`, ws: "^8.18.0" },
    devDependencies: { typescript: "~5.9.3", "@types/node": "^20.19.0", "@types/ws": "^8.18.0" },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      noUncheckedIndexedAccess: true,
      types: ["node"],
      rootDir: "src",
      outDir: "dist",
    },
    include: ["src"],
  };
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  for (const [name, text] of Object.entries(sources)) await writeFile(join(dir, "src", name), text);
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, timeout: 240_000 });
}

/** tsc in the outside project; resolves with its report, rejects with it when there are errors. */
export async function typeCheck(dir: string, options: { skipLibCheck: boolean; emit?: boolean }): Promise<void> {
  const args = ["-p", "tsconfig.json", "--skipLibCheck", String(options.skipLibCheck), ...(options.emit ? [] : ["--noEmit"])];
  try {
    await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), ...args], { cwd: dir });
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    throw new Error(`tsc (skipLibCheck ${options.skipLibCheck}) failed:\n${stdout ?? String(error)}`, { cause: error });
  }
}
