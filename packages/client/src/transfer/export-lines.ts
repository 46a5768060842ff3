import type { ExportContext, TransferApi } from "./transfer-api.js";

export interface ExportOptions {
  /** One context's conversations; all when absent. */
  context?: ExportContext;
  /** Only these conversations (a selection, at most 500). */
  sessionIds?: number[];
  /** Records asked for per page. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The export's pages, one request at a time: the one place that walks `sessions.exportPage`'s cursor. */
export async function* exportPages(api: TransferApi, options: ExportOptions) {
  let cursor: string | null = null;
  do {
    options.signal?.throwIfAborted();
    const page = await api.sessions.exportPage.query({
      context: options.context,
      sessionIds: options.sessionIds,
      cursor,
      limit: options.pageSize ?? 500,
    });
    yield page;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/**
 * The user's conversations as the lines of an export file (JSON Lines, each ending in "\n"),
 * fetched one page at a time: write them out as they come and memory holds one page.
 */
export async function* exportLines(api: TransferApi, options: ExportOptions = {}): AsyncGenerator<string> {
  let first = true;
  for await (const page of exportPages(api, options)) {
    if (first) yield `${JSON.stringify({ format: page.format, version: page.version, exportedAt: new Date().toISOString() })}\n`;
    first = false;
    for (const record of page.records) yield `${JSON.stringify(record)}\n`;
  }
}
