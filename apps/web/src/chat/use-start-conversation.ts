import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Conversation, ConversationContext } from "../api/types";
import { randomKey } from "../lib/random-key";
import type { ChatMessage } from "./chat-message";
import { contextKey } from "./context-key";
import { startCooldownIfLimited } from "./send-cooldown";
import { failureMessage, localMessage, recordSent } from "./use-chat-actions";

/**
 * The first message of an ephemeral conversation: it creates the conversation. One idempotency
 * key per draft makes a retried or double-clicked first send create exactly one conversation.
 */
export function useStartConversation(context: ConversationContext, onCreated: (session: Conversation) => void) {
  const trpc = useTRPC();
  const key = contextKey(context);
  const idempotencyKey = useMemo(() => ({ key, value: randomKey() }), [key]);
  const [pending, setPending] = useState<ChatMessage | null>(null);
  const [modelDeleted, setModelDeleted] = useState(false);
  const sendMutation = useMutation(trpc.chat.send.mutationOptions());
  const queryClient = useQueryClient();

  const send = useCallback(
    async (content: string) => {
      const local = localMessage(content, idempotencyKey.value);
      setPending(local);
      try {
        const sent = await sendMutation.mutateAsync({
          target: { context, idempotencyKey: idempotencyKey.value },
          content,
          clientMessageId: local.local?.clientMessageId,
        });
        recordSent(local, sent);
        idempotencyKey.value = randomKey();
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        onCreated(sent.session);
        setPending(null);
      } catch (error) {
        startCooldownIfLimited(error);
        if (errorInfo(error).appCode === "MODEL_DELETED") setModelDeleted(true);
        setPending({ ...local, local: { clientMessageId: idempotencyKey.value, state: "failed", error: failureMessage(error) } });
      }
    },
    [context, idempotencyKey, onCreated, sendMutation, queryClient],
  );

  return { pending, send, modelDeleted, discard: () => setPending(null) };
}
