import { useMutation } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useTRPC } from "../api/trpc";
import { fromStored, placeholderReply } from "./chat-message";
import { showNewVersion } from "./conversation-reducer";
import { conversations } from "./conversation-store";
import { failureMessage } from "./use-chat-actions";

/** What a message's actions do: a new version of a reply or a question, or another version shown. */
export interface BranchActions {
  regenerate(messageId: number): void;
  edit(messageId: number, content: string): Promise<boolean>;
  switchVersion(messageId: number): void;
  /** Why the last action was refused, shown above the composer until the next one. */
  error: string | null;
}

/**
 * Regenerate, edit and switch for one conversation. A new version is shown at once from the
 * mutation's answer; the stream then fills its reply, and every other tab follows through the
 * conversation's events (`reply_started` of an unknown question, `branch`).
 */
export function useBranchActions(sessionId: number | null, reload: () => Promise<void>): BranchActions {
  const trpc = useTRPC();
  const regenerateMutation = useMutation(trpc.chat.regenerate.mutationOptions());
  const editMutation = useMutation(trpc.chat.edit.mutationOptions());
  const switchMutation = useMutation(trpc.chat.switchBranch.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  const regenerate = useCallback(
    (messageId: number) => {
      if (sessionId === null) return;
      setError(null);
      regenerateMutation.mutate(
        { messageId },
        {
          onSuccess: (started) =>
            conversations.update(sessionId, (s) => showNewVersion(s, [{ ...fromStored(started.message), live: true }])),
          onError: (failure) => setError(failureMessage(failure)),
        },
      );
    },
    [sessionId, regenerateMutation],
  );

  const edit = useCallback(
    async (messageId: number, content: string) => {
      if (sessionId === null) return false;
      setError(null);
      try {
        const started = await editMutation.mutateAsync({ messageId, content });
        const question = fromStored(started.message);
        conversations.update(sessionId, (s) =>
          showNewVersion(s, [question, placeholderReply(started.reply.messageId, started.message.id)]),
        );
        return true;
      } catch (failure) {
        setError(failureMessage(failure));
        return false;
      }
    },
    [sessionId, editMutation],
  );

  const switchVersion = useCallback(
    (messageId: number) => {
      setError(null);
      switchMutation.mutate({ messageId }, { onSuccess: () => void reload(), onError: (failure) => setError(failureMessage(failure)) });
    },
    [switchMutation, reload],
  );

  return useMemo(() => ({ regenerate, edit, switchVersion, error }), [regenerate, edit, switchVersion, error]);
}
