import { exportLines, exportMarkdown, markdownFileName, type MarkdownExportOptions } from "@parley/client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC, useTRPCClient } from "../api/trpc";
import { download, exportBlob } from "./file-text";

type Selection = Pick<MarkdownExportOptions, "context" | "sessionIds">;

/**
 * Downloads conversations as Markdown (readable) or JSON Lines (complete), streamed page by page
 * into a Blob. Model and run contexts are named with the model's name.
 */
export function useConversationDownload() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const models = useQuery(trpc.models.list.queryOptions());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const contextLabel: MarkdownExportOptions["contextLabel"] = (context) => {
    if (context.kind === "general") return undefined;
    const name = models.data?.find((model) => model.id === context.modelId)?.name;
    if (!name) return undefined;
    return context.kind === "model" ? `Model: ${name}` : `Run #${context.runId} of ${name}`;
  };

  async function save(kind: "markdown" | "json", selection: Selection, filename: string, onProgress?: (records: number) => void) {
    setBusy(true);
    setError(null);
    try {
      const texts = kind === "markdown" ? exportMarkdown(client, { ...selection, contextLabel }) : exportLines(client, selection);
      const blob = await exportBlob(texts, onProgress ?? (() => undefined));
      download(new Blob([blob], { type: kind === "markdown" ? "text/markdown" : "application/x-ndjson" }), filename);
    } catch (caught) {
      setError(errorInfo(caught).message);
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    error,
    save,
    /** One conversation as `title.md`. */
    markdownOf: (sessionId: number, title: string) => save("markdown", { sessionIds: [sessionId] }, markdownFileName(title)),
  };
}
