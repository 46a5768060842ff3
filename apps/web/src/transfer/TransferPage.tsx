import { importFile, ImportFileError, type ImportReport } from "@parley/client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC, useTRPCClient } from "../api/trpc";
import { PageHeader } from "../ui/PageHeader";
import { fileText } from "./file-text";
import { ImportReportView } from "./ImportReportView";
import { useConversationDownload } from "./use-markdown-export";
import "../styles/models.css";

type Scope = "all" | "general" | `model:${number}`;

function contextOf(scope: Scope) {
  if (scope === "all") return undefined;
  if (scope === "general") return { kind: "general" as const };
  return { kind: "model" as const, modelId: Number(scope.slice("model:".length)) };
}

/** Export your conversations to a file and import such a file (docs/EXPORT_FORMAT.md), both streamed. */
export default function TransferPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const models = useQuery(trpc.models.list.queryOptions());
  const [scope, setScope] = useState<Scope>("all");
  const [exportKind, setExportKind] = useState<"json" | "markdown">("json");
  const [exporting, setExporting] = useState<number | null>(null);
  const downloads = useConversationDownload();
  const [file, setFile] = useState<File | null>(null);
  const [asGeneral, setAsGeneral] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importError, setImportError] = useState<string[] | null>(null);

  async function onExport() {
    setExporting(0);
    const name = `parley-${scope.replace(":", "-")}-${new Date().toISOString().slice(0, 10)}`;
    const extension = exportKind === "markdown" ? "md" : "jsonl";
    await downloads.save(exportKind, { context: contextOf(scope) }, `${name}.${extension}`, setExporting);
    setExporting(null);
  }

  async function onImport(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setReport(null);
    setImportError(null);
    setProgress(0);
    try {
      const chunks = fileText(file, (bytes) => setProgress(file.size ? bytes / file.size : 1));
      setReport(await importFile(client, chunks, { unknownContext: asGeneral ? "general" : "fail" }));
      await queryClient.invalidateQueries(trpc.sessions.pathFilter());
    } catch (error) {
      setImportError(
        error instanceof ImportFileError ? error.problems.map((p) => `Line ${p.line}: ${p.message}`) : [errorInfo(error).message],
      );
    } finally {
      setProgress(null);
    }
  }

  return (
    <div className="page">
      <PageHeader
        title="Export and import"
        lead="Your conversations as a file (JSON Lines: complete, with branches, summaries and tool results; or Markdown to read), and such a file, or ChatGPT's data export, brought back in."
      />

      <section className="transfer-section" aria-label="Export">
        <h2>Export</h2>
        <div className="field">
          <label className="field-label" htmlFor="export-scope">
            Conversations
          </label>
          <select id="export-scope" className="input" value={scope} onChange={(event) => setScope(event.target.value as Scope)}>
            <option value="all">All of them</option>
            <option value="general">General conversations</option>
            {models.data?.map((model) => (
              <option key={model.id} value={`model:${model.id}`}>
                Model: {model.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="export-kind">
            Format
          </label>
          <select
            id="export-kind"
            className="input"
            value={exportKind}
            onChange={(event) => setExportKind(event.target.value as "json" | "markdown")}
          >
            <option value="json">JSON Lines (complete: imports back)</option>
            <option value="markdown">Markdown (readable: the branch shown)</option>
          </select>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => void onExport()} disabled={exporting !== null}>
          {exporting === null ? "Download export" : `Exporting… ${exporting}`}
        </button>
        {downloads.error && (
          <p className="field-error" role="alert">
            {downloads.error}
          </p>
        )}
      </section>

      <form className="transfer-section" aria-label="Import" onSubmit={(event) => void onImport(event)}>
        <h2>Import</h2>
        <div className="field">
          <label className="field-label" htmlFor="import-file">
            A Parley export (.jsonl) or ChatGPT&apos;s conversations.json (from its data export&apos;s zip)
          </label>
          <input
            id="import-file"
            type="file"
            accept=".jsonl,.json,application/x-ndjson,application/json"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={asGeneral} onChange={(event) => setAsGeneral(event.target.checked)} />
          <span>
            Keep conversations of models you do not have as general conversations (otherwise they are reported as failed); ChatGPT
            conversations always become general ones
          </span>
        </label>
        <button type="submit" className="btn btn-primary" disabled={!file || progress !== null}>
          Import
        </button>
        {progress !== null && <progress aria-label="Import progress" max={1} value={progress} />}
        {importError && (
          <div className="field-error" role="alert">
            {importError.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        {report && <ImportReportView report={report} />}
      </form>
    </div>
  );
}
