import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { isWorthRetrying } from "../api/errors";
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
  // Resuming is idempotent, and a busy server must not leave the opened conversation inactive.
  const resume = useMutation(trpc.sessions.resume.mutationOptions({ retry: (count, error) => count < 3 && isWorthRetrying(error) }));
  // The opening already decided: later, another tab or device may make another conversation
  // active, and this open page must not take it back when its copy of the session is refreshed.
  const decided = useRef<number | null>(null);
  const loaded = sessionId !== null && session !== null && session.id === sessionId;
  const isActive = session?.isActive ?? false;

  useEffect(() => {
    if (!loaded || sessionId === null || decided.current === sessionId) return;
    decided.current = sessionId;
    if (isActive) return;
    resume.mutate(
      { sessionId },
      {
        onSuccess: (active) => {
          conversations.update(sessionId, (state) => ({ ...state, session: active }));
          void queryClient.invalidateQueries(trpc.sessions.pathFilter());
        },
      },
    );
  }, [loaded, isActive, sessionId, resume, queryClient, trpc]);
}
