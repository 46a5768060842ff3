import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { useNavigate } from "react-router";
import { useTRPC } from "../api/trpc";
import type { Conversation } from "../api/types";
import { contextOfSession, conversationPath } from "../chat/context-key";

/**
 * Switching makes the conversation the active one (sessions.resume), then opens it. Clicks are
 * queued so the server sees them in order, and only the last one navigates: rapid switching
 * ends on the conversation clicked last, which is also the active one.
 */
export function useSwitchConversation(onDone?: () => void) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const resume = useMutation(trpc.sessions.resume.mutationOptions());
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const latest = useRef(0);

  return useCallback(
    (session: Conversation) => {
      const ticket = ++latest.current;
      onDone?.();
      queue.current = queue.current
        .catch(() => undefined)
        .then(() => resume.mutateAsync({ sessionId: session.id }))
        .then(
          () => {
            if (ticket !== latest.current) return;
            void navigate(conversationPath(contextOfSession(session), session.id));
            void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
          },
          () => {
            if (ticket === latest.current) void navigate(conversationPath(contextOfSession(session), session.id));
          },
        );
    },
    [navigate, onDone, resume, queryClient],
  );
}
