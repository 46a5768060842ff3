import type { ConversationContext } from "../api/types";

/** A stable string for a context: draft keys, idempotency keys, list filters. */
export function contextKey(context: ConversationContext): string {
  if (context.kind === "general") return "general";
  if (context.kind === "model") return `model-${context.modelId}`;
  return `run-${context.modelId}-${context.runId}`;
}

/** Where a conversation of a context lives. */
export function conversationPath(context: ConversationContext, sessionId: number): string {
  if (context.kind === "general") return `/c/${sessionId}`;
  if (context.kind === "model") return `/m/${context.modelId}/c/${sessionId}`;
  return `/m/${context.modelId}/runs/${context.runId}/chat?c=${sessionId}`;
}

/** The ephemeral "new conversation" page of a context: nothing is stored until the first send. */
export function newConversationPath(context: ConversationContext): string {
  if (context.kind === "general") return "/c/new";
  if (context.kind === "model") return `/m/${context.modelId}/new`;
  return `/m/${context.modelId}/runs/${context.runId}/chat?new=1`;
}

export function contextOfSession(session: { modelId: number | null; runId: number | null }): ConversationContext {
  if (session.modelId === null) return { kind: "general" };
  if (session.runId === null) return { kind: "model", modelId: session.modelId };
  return { kind: "run", modelId: session.modelId, runId: session.runId };
}
