import type { HLJSApi } from "highlight.js";

// highlight.js (its common languages, ~40 KB gzip) is fetched only when the first code block with
// a language is shown, so it stays out of the initial JS budget of `pnpm bench web`.
let loading: Promise<HLJSApi> | null = null;

function load(): Promise<HLJSApi> {
  loading ??= import("highlight.js/lib/common").then((module) => module.default);
  return loading;
}

/**
 * The code as highlighted HTML (highlight.js escapes the code itself), or null for a language it
 * does not know. Throws only if the chunk cannot be fetched; the caller then keeps plain text.
 */
export async function highlightCode(code: string, language: string): Promise<string | null> {
  const hljs = await load();
  if (!hljs.getLanguage(language)) return null;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
