import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRPCClientError } from "@parley/client";
import { parseFillFile, scanFillFile, type FillFormatName, type ParsedRow } from "@parley/fill-files";
import { describe, expect, it } from "vitest";
import { fileText } from "../transfer/file-text";
import { checkFile, ImportInterrupted, readHead, sendFills } from "./import-file";

// The browser and `parley runs import` must read a file the same: the page decodes a File's
// stream (fileText), the CLI a Node file stream cut at other places (createReadStream). Both
// hand the text to @parley/fill-files; this runs the same files through both paths.

const fixtures = new URL("../../../../packages/fill-files/fixtures/", import.meta.url);
const cases: Array<[string, FillFormatName]> = [
  ["generic-mixed.csv", "generic"],
  ["alpaca-activities.csv", "alpaca"],
  ["ibkr-flex-trades.csv", "ibkr"],
  ["fills-mixed.json", "json"],
];

async function collect(rows: AsyncIterable<ParsedRow>) {
  const all: ParsedRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

const asCli = (path: string | URL, format: FillFormatName) => parseFillFile(createReadStream(path, { highWaterMark: 1_000 }), { format });
const asBrowser = (bytes: Buffer, format: FillFormatName) =>
  parseFillFile(
    fileText(new Blob([new Uint8Array(bytes)]), () => undefined),
    { format },
  );

describe("the web import reads files as the CLI does", () => {
  it.each(cases)("%s: the same rows, the same check, the same detected format", async (name, format) => {
    const path = new URL(name, fixtures);
    const bytes = await readFile(path);
    expect(await collect(asBrowser(bytes, format))).toEqual(await collect(asCli(path, format)));
    const target = { kind: "new" as const, modelId: 1 };
    expect(
      await checkFile(new Blob([new Uint8Array(bytes)]), { parse: { format }, target, now: Date.now(), onProgress: () => undefined }),
    ).toEqual(await scanFillFile(asCli(path, format)));
    expect((await readHead(new Blob([new Uint8Array(bytes)]))).format).toBe(format);
  });

  it("into an existing run, fills before its start are rejected at their line, as the API would refuse them", async () => {
    const bytes = await readFile(new URL("generic-mixed.csv", fixtures));
    const target = { kind: "run" as const, modelId: 1, runId: 1, startedAt: "2026-03-02T15:00:00.000Z" };
    const scan = await checkFile(new Blob([new Uint8Array(bytes)]), {
      parse: { format: "generic" },
      target,
      now: Date.now(),
      onProgress: () => undefined,
    });
    const cli = await scanFillFile(asCli(new URL("generic-mixed.csv", fixtures), "generic"));
    expect(scan.fills).toBe(cli.fills - 1);
    expect(scan.errors.find((row) => row.line === 2)?.reasons).toEqual([
      "executedAt 2026-03-02T14:30:00Z is before the run started (2026-03-02T15:00:00.000Z)",
    ]);
  });

  it("a large file of multi-byte text, cut mid-character by both streams, gives the same rows", async () => {
    const lines = ["fill_id,executed_at,symbol,side,quantity,price,tag"];
    for (let index = 0; index < 20_000; index++)
      lines.push(`f-${index},2026-03-02T14:30:00Z,AAPL,${index % 7 ? "buy" : "hold"},${(index % 9) + 1},182.5,"é€ ${index}"`);
    const folder = await mkdtemp(join(tmpdir(), "parley-agree-"));
    const path = join(folder, "big.csv");
    await writeFile(path, lines.join("\r\n"));
    try {
      const bytes = await readFile(path);
      const browser = await collect(asBrowser(bytes, "generic"));
      expect(browser).toEqual(await collect(asCli(path, "generic")));
      expect(browser.filter((row) => row.kind === "error")).toHaveLength(Math.ceil(20_000 / 7));
      expect(browser.at(-2)).toMatchObject({ line: 20_000, kind: "fill", fill: { tag: "é€ 19998" } });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("a send that stops part way", () => {
  it("says how many fills were stored, and in which run, before the error", async () => {
    const rows = ["executed_at,symbol,side,quantity,price"];
    for (let index = 0; index < 12_000; index++) rows.push(`2026-03-02T14:30:00Z,AAPL,buy,${index + 1},10`);
    const file = new File([rows.join("\n")], "fills.csv");
    const calls: number[] = [];
    // The network boundary only: the second batch is refused as a finished run's would be.
    const runs = {
      create: { mutate: () => Promise.reject(new Error("no new run here")) },
      appendFills: {
        mutate: ({ fills }: { fills: unknown[] }) => {
          calls.push(fills.length);
          if (calls.length === 2) {
            const data = { code: "BAD_REQUEST", appCode: "RUN_FINISHED", httpStatus: 400 };
            return Promise.reject(
              new TRPCClientError("Run 7 is completed", { result: { error: { message: "", code: -32600, data } } } as never),
            );
          }
          return Promise.resolve({ runId: 7, received: fills.length, inserted: fills.length, duplicates: 0, recomputed: 0 });
        },
      },
    } as unknown as Parameters<typeof sendFills>[0];
    const target = { kind: "run" as const, modelId: 1, runId: 7, startedAt: "2026-01-01T00:00:00Z" };
    const sending = sendFills(runs, {
      file,
      parse: { format: "generic" },
      target,
      now: Date.now(),
      scan: { fills: 12_000, errors: [], skipped: [], earliest: null, latest: null },
      settings: { label: "", kind: "live", startingCapital: 1 },
      onSent: () => undefined,
    });
    await expect(sending).rejects.toThrow(new ImportInterrupted(7, 5_000, { cause: new Error("Run 7 is completed") }).message);
    await expect(sending).rejects.toBeInstanceOf(ImportInterrupted);
    expect(calls).toEqual([5_000, 5_000]);
  });
});
