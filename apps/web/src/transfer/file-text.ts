/**
 * A file's text as chunks, read piece by piece (never whole), reporting the bytes read so far:
 * the import's progress bar follows the file, not a guess.
 */
export async function* fileText(file: Blob, onBytes: (bytesRead: number) => void): AsyncGenerator<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let bytesRead = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      onBytes(bytesRead);
      yield decoder.decode(value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The export as a Blob built page by page. Each page becomes a Blob of its own and the file is
 * their concatenation, which browsers keep by reference (Chromium moves large blobs to disk),
 * so the page never holds the export as one string.
 */
export async function exportBlob(lines: AsyncIterable<string>, onPage: (records: number) => void): Promise<Blob> {
  const pages: Blob[] = [];
  let page: string[] = [];
  let records = 0;
  for await (const line of lines) {
    page.push(line);
    records += 1;
    if (page.length >= 500) {
      pages.push(new Blob(page));
      page = [];
      onPage(records);
    }
  }
  pages.push(new Blob(page));
  onPage(records);
  return new Blob(pages, { type: "application/x-ndjson" });
}

export function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // The download has taken the URL by the next turn; keeping it would keep the blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
