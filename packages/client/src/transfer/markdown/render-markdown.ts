import type { ConversationRecord, MessageRecord } from "../records.js";
import { renderToolLine } from "./render-tool.js";

export interface MarkdownOptions {
  /** How to name a model or run context (e.g. with the model's name); ids when absent. */
  contextLabel?: (context: ConversationRecord["context"]) => string | undefined;
}

/** `2026-12-05 06:00 UTC`: the same in every browser and terminal, whatever the locale. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function defaultContextLabel(context: ConversationRecord["context"]): string {
  if (context.kind === "general") return "General";
  if (context.kind === "model") return `Model ${context.modelId}`;
  return `Run ${context.runId} of model ${context.modelId}`;
}

/** The messages from the first one to the shown leaf, walking parents up (the branch the conversation shows). */
export function shownBranch(conversation: ConversationRecord, messages: readonly MessageRecord[]): MessageRecord[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const leafId = conversation.currentLeafId ?? messages.at(-1)?.id ?? null;
  const branch: MessageRecord[] = [];
  const seen = new Set<number>();
  for (let id = leafId; id !== null && !seen.has(id);) {
    const message = byId.get(id);
    if (!message) break;
    seen.add(id);
    branch.push(message);
    id = message.parentId;
  }
  return branch.reverse();
}

const STATUS_NOTE: Partial<Record<MessageRecord["status"], string>> = {
  stopped: "stopped before it was finished",
  interrupted: "interrupted",
  failed: "failed",
  streaming: "still being written at export",
};

function renderMessage(message: MessageRecord): string {
  const who = message.role === "user" ? "You" : "Assistant";
  const model = message.role === "assistant" && message.aiModel ? ` · ${message.aiModel}` : "";
  const lines = [`### ${who} · ${formatTime(message.createdAt)}${model}`, ""];
  const tools = message.toolsUsed.map(renderToolLine);
  if (tools.length) lines.push(...tools, "");
  if (message.content) lines.push(message.content, "");
  const note = STATUS_NOTE[message.status];
  if (note) lines.push(`_(${note}${message.error ? `: ${message.error}` : ""})_`, "");
  return lines.join("\n");
}

/**
 * A conversation as readable Markdown: title, context, dates, then each message of the branch
 * shown (other versions are counted, not written) with its role, time and tool calls in words.
 */
export function renderConversationMarkdown(
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
  options: MarkdownOptions = {},
): string {
  const branch = shownBranch(conversation, messages);
  const context = options.contextLabel?.(conversation.context) ?? defaultContextLabel(conversation.context);
  const others = messages.length - branch.length;
  const facts = [
    `- Context: ${context}`,
    `- Started: ${formatTime(conversation.createdAt)}`,
    ...(branch.length ? [`- Last message: ${formatTime(branch.at(-1)?.createdAt ?? conversation.createdAt)}`] : []),
    `- Messages: ${branch.length}${others ? ` on the branch shown (${others} in other versions, not written here)` : ""}`,
    ...(conversation.tags.length ? [`- Tags: ${conversation.tags.join(", ")}`] : []),
    ...(conversation.archivedAt ? [`- Archived: ${formatTime(conversation.archivedAt)}`] : []),
  ];
  const body = branch.length ? branch.map(renderMessage).join("\n") : "_No messages._\n";
  return [`# ${conversation.title}`, "", ...facts, "", body].join("\n");
}
