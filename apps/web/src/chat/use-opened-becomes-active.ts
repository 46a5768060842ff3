import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "../api/trpc";
import type { Conversation } from "../api/types";
import { conversations } from "./conversation-store";

/**
 * "Active" means one thing everywhere: the conversation you open, however you got there (a
 * click, a URL, a reload, back or forward), becomes the active one of its context, exactly as
 * sessions.resume makes it, once per opening.
 */
export function useOpenedBecomesActive(sessionId: number | null, session: Conversation | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resume = useMutation(trpc.sessions.resume.mutationOptions());
  const resumed = useRef<number | null>(null);
  const needsResume = sessionId !== null && session !== null && session.id === sessionId && !session.isActive;

  useEffect(() => {
    if (!needsResume || sessionId === null || resumed.current === sessionId) return;
    resumed.current = sessionId;
    resume.mutate(
      { sessionId },
      {
        onSuccess: (active) => {
          conversations.update(sessionId, (state) => ({ ...state, session: active }));
          void queryClient.invalidateQueries(trpc.sessions.pathFilter());
        },
      },
    );
  }, [needsResume, sessionId, resume, queryClient, trpc]);
}
