import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Conversation, ConversationContext, RouterOutputs } from "../api/types";
import { randomKey } from "../lib/random-key";
import { fromStored, placeholderReply, type ChatMessage } from "./chat-message";
import { mergeMessages } from "./conversation-reducer";
import { conversations } from "./conversation-store";
import { startCooldownIfLimited } from "./send-cooldown";

type Sent = RouterOutputs["chat"]["send"];

export function localMessage(content: string, clientMessageId = randomKey()): ChatMessage {
  return {
    key: `local-${clientMessageId}`,
    id: null,
    parentId: null,
    versionIds: [],
    createdAt: null,
    role: "user",
    content,
    status: "complete",
    tools: [],
    error: null,
    aiModel: null,
    modelVersion: null,
    usage: null,
    local: { clientMessageId, state: "sending", error: null },
  };
}

/** Puts what chat.send answered into the store: the stored message and the reply to stream. */
export function recordSent(local: ChatMessage, sent: Sent): void {
  const stored = { ...fromStored(sent.message), key: local.key };
  const reply = sent.reply ? [placeholderReply(sent.reply.messageId, sent.message.id)] : [];
  conversations.update(sent.session.id, (state) => ({
    ...state,
    session: sent.session,
    status: state.status === "error" ? "error" : "ready",
    messages: mergeMessages(
      state.messages.filter((m) => m.key !== local.key),
      [stored, ...reply],
    ),
  }));
}

export function markModelDeleted(sessionId: number): void {
  conversations.update(sessionId, (state) => (state.session ? { ...state, session: { ...state.session, modelDeleted: true } } : state));
}

export function failureMessage(error: unknown): string {
  const info = errorInfo(error);
  if (info.appCode === "MODEL_DELETED") return "This model was deleted, so this conversation is read-only.";
  // The wait itself counts down on the composer (send-cooldown), not frozen in this text.
  if (info.code === "TOO_MANY_REQUESTS") return "Not sent: too many messages in a short time";
  return info.message;
}

/** Sending into an existing conversation, stopping and retrying its replies. */
export function useChatActions(sessionId: number | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sendMutation = useMutation(trpc.chat.send.mutationOptions());
  const stopMutation = useMutation(trpc.chat.stop.mutationOptions());
  const retryMutation = useMutation(trpc.chat.retry.mutationOptions());

  const send = useCallback(
    async (content: string, failed?: ChatMessage) => {
      if (sessionId === null) return;
      // A resend keeps the message's client id, so the server stores it at most once.
      const local = localMessage(failed?.content ?? content, failed?.local?.clientMessageId);
      const key = failed?.key ?? local.key;
      const sending = { ...local, key };
      conversations.update(sessionId, (s) => ({ ...s, messages: [...s.messages.filter((m) => m.key !== key), sending] }));
      try {
        const sent = await sendMutation.mutateAsync({
          target: { sessionId },
          content: sending.content,
          clientMessageId: sending.local?.clientMessageId,
        });
        recordSent(sending, sent);
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
      } catch (error) {
        startCooldownIfLimited(error);
        if (errorInfo(error).appCode === "MODEL_DELETED") markModelDeleted(sessionId);
        // Deleted in another tab or device: sending again cannot succeed, a new conversation can.
        const conversationGone = errorInfo(error).code === "NOT_FOUND";
        const message = conversationGone ? "This conversation was deleted" : failureMessage(error);
        const local = sending.local && { ...sending.local, state: "failed" as const, error: message, conversationGone };
        conversations.update(sessionId, (s) => ({ ...s, messages: s.messages.map((m) => (m.key === key ? { ...sending, local } : m)) }));
      }
    },
    [sessionId, sendMutation, queryClient],
  );

  const stop = useCallback(() => {
    if (sessionId !== null) stopMutation.mutate({ sessionId });
  }, [sessionId, stopMutation]);

  const retry = useCallback(
    async (messageId: number) => {
      if (sessionId === null) return;
      const mark = (change: Partial<ChatMessage>) =>
        conversations.update(sessionId, (s) => ({ ...s, messages: s.messages.map((m) => (m.id === messageId ? { ...m, ...change } : m)) }));
      // The text stays until the stream's reply_started resets it, in case the retry is refused.
      mark({ status: "streaming", error: null, live: true });
      try {
        await retryMutation.mutateAsync({ messageId });
      } catch (error) {
        startCooldownIfLimited(error);
        mark({ status: "failed", error: failureMessage(error) });
      }
    },
    [sessionId, retryMutation],
  );

  return { send, stop, retry };
}

export type { Conversation, ConversationContext };
