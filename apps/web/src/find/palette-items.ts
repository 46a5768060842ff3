import type { RouterOutputs } from "../api/types";
import { contextOfSession, conversationPath } from "../chat/context-key";

export type SearchHit = RouterOutputs["sessions"]["search"]["hits"][number];
export type FoundRun = RouterOutputs["runs"]["find"][number];

export interface PaletteItem {
  key: string;
  kind: "conversation" | "model" | "run";
  label: string;
  detail: string;
  snippet?: SearchHit["snippet"];
  path: string;
}

/** Where a search hit opens: its conversation, scrolled to the message that matched. */
export function hitPath(hit: SearchHit): string {
  const path = conversationPath(contextOfSession(hit), hit.sessionId);
  if (hit.messageId === null) return path;
  return `${path}${path.includes("?") ? "&" : "?"}message=${hit.messageId}`;
}

export function hitItem(hit: SearchHit): PaletteItem {
  const where = hit.modelName ? hit.modelName : "General";
  return {
    key: `hit-${hit.sessionId}-${hit.messageId ?? "title"}`,
    kind: "conversation",
    label: hit.title,
    detail: `${where}${hit.archived ? " · archived" : ""}`,
    snippet: hit.snippet,
    path: hitPath(hit),
  };
}

export function modelItem(model: { id: number; name: string }): PaletteItem {
  return { key: `model-${model.id}`, kind: "model", label: model.name, detail: "Model", path: `/m/${model.id}` };
}

/** A run opens on its conversation, where its details panel is. */
export function runItem(run: FoundRun): PaletteItem {
  return {
    key: `run-${run.id}`,
    kind: "run",
    label: run.label || `Run #${run.id}`,
    detail: `Run · ${run.modelName}`,
    path: `/m/${run.modelId}/runs/${run.id}/chat`,
  };
}
