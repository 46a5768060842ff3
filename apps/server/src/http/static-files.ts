import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

const placeholder = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Parley is running</h1><p>The web app has not been built yet: run <code>pnpm --filter @parley/web build</code>.
The API answers at <code>/trpc</code>; <a href="/health">/health</a> reports the database.</p></body></html>`;

/**
 * Serves the built web app. Hashed assets are cached for a year; any other path gets
 * index.html, so client-side routes such as /m/3/c/12 survive a reload.
 */
export async function serveWebApp(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  /** The status of a page that is not a file (the app's own routes): 404 for a link that is gone. */
  pageStatus: (path: string) => Promise<200 | 404> = () => Promise.resolve(200),
): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? "/", "http://local").pathname);
  } catch {
    // A malformed escape (/s/%E0) is the client's mistake, not the server's.
    response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
    response.end("Malformed URL");
    return;
  }
  const file = normalize(join(root, path));
  const insideRoot = file.startsWith(root.endsWith(sep) ? root : root + sep);
  const found = insideRoot ? await stat(file).catch(() => null) : null;
  if (found?.isFile()) {
    const immutable = path.startsWith("/assets/");
    response.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    createReadStream(file).pipe(response);
    return;
  }
  const index = join(root, "index.html");
  // A shared conversation's page is public but not for search engines.
  if (path.startsWith("/s/")) response.setHeader("x-robots-tag", "noindex, nofollow");
  const status = await pageStatus(path);
  if (await stat(index).catch(() => null)) {
    // The app itself still loads on a 404, and says what happened to the link.
    response.writeHead(status, { "content-type": contentTypes[".html"], "cache-control": "no-cache" });
    createReadStream(index).pipe(response);
    return;
  }
  response.writeHead(status, { "content-type": contentTypes[".html"] });
  response.end(placeholder);
}
