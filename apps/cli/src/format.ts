import type { Message, RouterOutputs } from "@parley/client";

type Session = RouterOutputs["sessions"]["get"];

/** Columns padded to their widest cell; the last column is left ragged. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** UTC and to the minute: the same on every machine, short enough for a table. */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-");

export function contextLabel(session: Pick<Session, "modelId" | "runId" | "modelName" | "modelDeleted">): string {
  if (session.modelId === null) return "general";
  const model = `model ${session.modelId}${session.modelName ? ` ${session.modelName}` : ""}${session.modelDeleted ? " (deleted)" : ""}`;
  return session.runId === null ? model : `run ${session.runId} of ${model}`;
}

export function sessionLine(session: Session): string {
  return `conversation ${session.id} "${session.title}" (${contextLabel(session)}${session.isActive ? ", active" : ""})`;
}

export function sessionTable(sessions: Session[]): string {
  if (sessions.length === 0) return "No conversations.";
  const rows = sessions.map((s) => [
    String(s.id),
    s.isActive ? "*" : "",
    contextLabel(s),
    String(s.messageCount),
    when(s.activityAt),
    s.title,
  ]);
  return table(["ID", "ACTIVE", "CONTEXT", "MESSAGES", "LAST ACTIVITY", "TITLE"], rows);
}

export function messageBlock(message: Message): string {
  const who = message.role === "user" ? "you" : `assistant${message.aiModel ? ` (${message.aiModel})` : ""}`;
  const note = message.error ? `: ${message.error}` : "";
  const status = message.status === "complete" ? (note ? ` [note${note}]` : "") : ` [${message.status}${note}]`;
  return `${who}, ${when(message.createdAt)}${status}:\n${message.content}\n`;
}
