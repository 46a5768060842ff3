// Makes dist/index.d.ts stand alone: the router's types from @parley/api (a workspace package
// that is never published) are copied into it, so an app outside this repository that installs
// the packed client gets every procedure typed, with nothing but @trpc/* and zod to import.
// Run after `tsc -p tsconfig.build.json` (see the package's "build" script).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const distDir = join(packageDir, "dist");
// The workspace package's real folder, not its link under node_modules: tsc refuses to emit
// declarations for files it sees inside node_modules (TS2742). import.meta.resolve only gives the
// real path when the resolved file exists, i.e. when @parley/api happens to be built already.
const apiDir = await realpath(join(packageDir, "node_modules", "@parley", "api"));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// What the bundle may still import: the client's own dependencies. zod: the export format's
// records are typed from its schemas (sessions.exportPage's output).
const allowedImport = /^(@trpc\/(client|server)(\/[\w-]+)?|zod)$/;

const apiTypesDir = await mkdtemp(join(tmpdir(), "parley-api-types-"));
try {
  await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    join(apiDir, "tsconfig.json"),
    "--noEmit",
    "false",
    "--declaration",
    "--emitDeclarationOnly",
    "--outDir",
    apiTypesDir,
  ]);
  await standAloneRouterType(join(apiTypesDir, "root.d.ts"));
  // The client needs these two names from the API; starting from them keeps the rest of the API
  // (database, providers, Redis) out of the bundle.
  const apiEntry = join(apiTypesDir, "client-entry.d.ts");
  await writeFile(apiEntry, 'export type { AppRouter } from "./root.js";\nexport type { AppErrorCode } from "./errors.js";\n');
  await bundle(apiEntry);
} finally {
  await rm(apiTypesDir, { recursive: true, force: true });
}

/**
 * The router's emitted type names two things a client has no use for and that would drag in
 * server packages: the request context (Prisma, services) and zod's JSON type.
 */
async function standAloneRouterType(file) {
  const text = await readFile(file, "utf8");
  const replaced = text.replaceAll('import("./context.js").Context', "object").replaceAll('import("zod").JSONType', "JsonValue");
  const jsonValue = "type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n";
  await writeFile(file, `${replaced}\n${jsonValue}`);
}

async function bundle(apiEntry) {
  const build = await rollup({
    input: join(distDir, "index.d.ts"),
    // Every package stays an import here; the check below fails if one other than @trpc/* is
    // still used once the unused declarations are dropped.
    external: (id) => id !== "@parley/api" && !id.startsWith(".") && !id.startsWith("/"),
    plugins: [{ name: "parley-api-types", resolveId: (id) => (id === "@parley/api" ? apiEntry : null) }, dts({ respectExternal: true })],
    onwarn: (warning) => {
      throw new Error(`bundling the declarations: ${warning.message}`);
    },
  });
  const { output } = await build.generate({ format: "es" });
  await build.close();
  const [chunk] = output;
  const imports = [...chunk.code.matchAll(/from ["']([^"']+)["']|import\(["']([^"']+)["']\)/g)].map((match) => match[1] ?? match[2]);
  const stray = imports.filter((id) => !allowedImport.test(id));
  if (stray.length > 0) throw new Error(`dist/index.d.ts still imports ${[...new Set(stray)].join(", ")}`);
  // Subfolders too (transfer/): the one bundled file replaces every emitted declaration.
  for (const file of await readdir(distDir, { recursive: true })) {
    if (file.endsWith(".d.ts") || file.endsWith(".d.ts.map")) await rm(join(distDir, file));
  }
  await writeFile(join(distDir, "index.d.ts"), chunk.code);
}
