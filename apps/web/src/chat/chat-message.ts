import type { ChatEvent } from "@parley/api";
import type { Conversation, Message, MessagePage, Summary } from "../api/types";

export type { ChatEvent };
export type MessageStatus = Message["status"];

export interface ToolUse {
  name: string;
  callId: string | null;
  state: "running" | "ok" | "failed" | "done";
  /** What the tool returned (parsed JSON): the reply's charts and tables are drawn from it. */
  result?: unknown;
  /** When the tool computed it: the "as of" time shown with them. */
  at?: string | null;
}

/** A message as the page shows it: stored, streaming, or still on its way to the server. */
export interface ChatMessage {
  /** React key; stays the same when a local message gets its server id. */
  key: string;
  id: number | null;
  /** The message this one follows in the conversation's tree (null: a first message, or not yet known). */
  parentId: number | null;
  /** Its versions (siblings and itself, oldest first): the `‹ 2/3 ›` switcher. */
  versionIds: number[];
  /** When it was written (ISO), once stored. */
  createdAt: string | null;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  tools: ToolUse[];
  error: string | null;
  aiModel: string | null;
  /** The configuration version a reply was written with. */
  modelVersion: number | null;
  /** A finished reply's tokens and cost (null cost: its AI model has no price). */
  usage: { promptTokens: number; completionTokens: number; costUsd: number | null } | null;
  /** Set while the user's message is being sent, or when sending failed. */
  local?: { clientMessageId: string; state: "sending" | "failed"; error: string | null; conversationGone?: boolean };
  /** Changed by stream events since it was loaded: the events are newer than a loaded copy. */
  live?: boolean;
  /** The provider has not sent a first token for a while (a `provider_slow` event). */
  slow?: boolean;
}

export interface ConversationState {
  session: Conversation | null;
  summary: Summary | null;
  messages: ChatMessage[];
  hasOlder: boolean;
  status: "loading" | "ready" | "error";
  error: unknown;
  loadingOlder: boolean;
  /** Deleted while open (another tab, device or program): what was loaded stays readable. */
  deletedElsewhere: boolean;
}

export const emptyConversation: ConversationState = {
  session: null,
  summary: null,
  messages: [],
  hasOlder: false,
  status: "loading",
  error: null,
  loadingOlder: false,
  deletedElsewhere: false,
};

export function fromStored(message: Message): ChatMessage {
  return {
    key: `m${message.id}`,
    id: message.id,
    parentId: message.parentId,
    versionIds: message.versionIds,
    createdAt: message.createdAt,
    role: message.role,
    content: message.content,
    status: message.status,
    tools: message.toolsUsed.map((tool) => ({
      name: tool.name,
      callId: typeof tool.callId === "string" ? tool.callId : null,
      state: tool.ok === false ? ("failed" as const) : ("done" as const),
      result: tool.result ?? null,
      at: typeof tool.at === "string" ? tool.at : null,
    })),
    error: message.error,
    aiModel: message.aiModel,
    modelVersion: message.modelVersion,
    usage:
      message.promptTokens === null && message.completionTokens === null
        ? null
        : { promptTokens: message.promptTokens ?? 0, completionTokens: message.completionTokens ?? 0, costUsd: message.costUsd },
  };
}

export function placeholderReply(messageId: number, parentId: number | null = null): ChatMessage {
  return {
    key: `m${messageId}`,
    id: messageId,
    parentId,
    versionIds: [messageId],
    createdAt: null,
    role: "assistant",
    content: "",
    status: "streaming",
    tools: [],
    error: null,
    aiModel: null,
    modelVersion: null,
    usage: null,
    live: true,
  };
}

export type { MessagePage };
