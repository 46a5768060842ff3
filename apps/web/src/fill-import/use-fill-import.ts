import type { ColumnMapping, FileHead, FileScan, FillFormatName, ParseOptions } from "@parley/fill-files";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC, useTRPCClient } from "../api/trpc";
import { checkFile, readHead, sendFills, type ImportOutcome, type ImportTarget, type NewRunSettings } from "./import-file";

export type ImportStep =
  | { name: "reading" }
  | { name: "mapping"; head: FileHead }
  | { name: "settings"; format: FillFormatName; columns: ColumnMapping | undefined; head: FileHead | null }
  | { name: "checking"; progress: number }
  | { name: "report"; scan: FileScan; parse: ParseOptions }
  | { name: "sending"; sent: number; total: number }
  | { name: "done"; outcome: ImportOutcome; scan: FileScan; keptGood: boolean }
  | { name: "failed"; message: string };

/** The steps of one file's import: read its head, map unknown columns, check every row, send. */
export function useFillImport(file: File, target: ImportTarget) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<ImportStep>({ name: "reading" });
  // One "now" for both passes, so a fill the check called future is not sent by the second.
  const [now] = useState(() => Date.now());
  const fail = (error: unknown) => setStep({ name: "failed", message: errorInfo(error).message });

  useEffect(() => {
    let live = true;
    readHead(file).then(({ head, format }) => {
      if (!live) return;
      // A JSON file has no header: its fields are the API's own, and an empty one fails its check.
      if (format === "json") setStep({ name: "settings", format, columns: undefined, head: null });
      else if (!head) setStep({ name: "failed", message: `${file.name} is empty: a fill file starts with a header row` });
      else if (format) setStep({ name: "settings", format, columns: undefined, head });
      else setStep({ name: "mapping", head });
    }, fail);
    return () => {
      live = false;
    };
  }, [file]);

  const check = useCallback(
    async (parse: ParseOptions) => {
      setStep({ name: "checking", progress: 0 });
      try {
        const onProgress = (progress: number) => setStep({ name: "checking", progress });
        const scan = await checkFile(file, { parse, target, now, onProgress });
        setStep({ name: "report", scan, parse });
      } catch (error) {
        fail(error);
      }
    },
    [file, target, now],
  );

  const send = useCallback(
    async (options: { scan: FileScan; parse: ParseOptions; settings: NewRunSettings }) => {
      const { scan, parse, settings } = options;
      setStep({ name: "sending", sent: 0, total: scan.fills });
      try {
        const onSent = (sent: number) => setStep({ name: "sending", sent, total: scan.fills });
        const outcome = await sendFills(client.runs, { file, parse, scan, target, now, settings, onSent });
        setStep({ name: "done", outcome, scan, keptGood: scan.errors.length > 0 });
        await queryClient.invalidateQueries(trpc.runs.pathFilter());
      } catch (error) {
        fail(error);
      }
    },
    [client, file, target, now, queryClient, trpc],
  );

  return { step, setStep, check, send };
}
