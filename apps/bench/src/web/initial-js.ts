import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { constants, gzipSync } from "node:zlib";

export const GZIP_LEVEL = constants.Z_BEST_COMPRESSION;

export interface ScriptSize {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialJs {
  /** What index.html loads before anything else runs: its module scripts and modulepreloads. */
  initial: ScriptSize[];
  gzipBytes: number;
  /** Every other .js file in the build: chunks that load later, on demand. */
  lazyGzipBytes: number;
}

/** The `src` of module scripts and the `href` of modulepreload links, in document order. */
export function initialScriptPaths(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  return tags.flatMap((tag) => {
    const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, "i").exec(tag)?.[1];
    if (/^<script/i.test(tag) && attribute("type") === "module") return attribute("src") ?? [];
    if (/^<link/i.test(tag) && attribute("rel") === "modulepreload") return attribute("href") ?? [];
    return [];
  });
}

async function sizeOf(dist: string, path: string): Promise<ScriptSize> {
  const content = await readFile(join(dist, path));
  return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: GZIP_LEVEL }).length };
}

/** Sizes the JavaScript a first visit downloads, from a Vite build's dist folder. */
export async function measureInitialJs(dist: string): Promise<InitialJs> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const paths = initialScriptPaths(html).map((src) => new URL(src, "http://app/").pathname.slice(1));
  if (paths.length === 0) throw new Error(`${dist}/index.html loads no module script`);
  const initial = await Promise.all(paths.map((path) => sizeOf(dist, path)));
  const allScripts = (await readdir(join(dist, "assets"))).filter((file) => file.endsWith(".js")).map((file) => `assets/${file}`);
  const lazy = await Promise.all(allScripts.filter((path) => !paths.includes(path)).map((path) => sizeOf(dist, path)));
  const sum = (sizes: ScriptSize[]) => sizes.reduce((total, size) => total + size.gzipBytes, 0);
  return { initial, gzipBytes: sum(initial), lazyGzipBytes: sum(lazy) };
}
