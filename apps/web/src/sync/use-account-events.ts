import type { AccountEvent } from "@parley/client";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import { useSessionManager } from "../auth/session-context";
import { emitAccountNews } from "./account-news";

/**
 * Mounted once in the shell: `sync.events` over the app's one WebSocket, so what this user
 * changes in another tab, on another device or from the CLI shows here within a moment (the
 * conversation list, titles, deletions, models). Events name ids only; the caches they make
 * stale are refetched. Nothing is replayed after a drop: when the subscription starts again
 * (a reconnect) everything shown is refetched instead.
 */
export function useAccountEvents(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manager = useSessionManager();

  const refresh = useCallback(
    (event: AccountEvent) => {
      const sessions = () => void queryClient.invalidateQueries(trpc.sessions.pathFilter());
      const models = () => void queryClient.invalidateQueries(trpc.models.pathFilter());
      if (event.type.startsWith("session_")) sessions();
      if (event.type.startsWith("model_")) models();
      // A deleted model's conversations are shown as read-only; a resync may have missed anything.
      if (event.type === "model_deleted" || event.type === "resync") sessions();
      if (event.type === "resync") models();
      emitAccountNews(event);
    },
    [trpc, queryClient],
  );

  // The first start follows the page's own first fetches; only a restart can have missed news.
  const startedBefore = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(retryTimer.current), []);

  const subscription = useSubscription(
    trpc.sync.events.subscriptionOptions(undefined, {
      onStarted: () => {
        if (startedBefore.current) refresh({ type: "resync" });
        startedBefore.current = true;
      },
      onData: refresh,
      onError: (error) => {
        const restart = () => subscription.reset();
        if (errorInfo(error).code === "UNAUTHORIZED") {
          void manager.refresh().then((ok) => ok && restart());
          return;
        }
        retryTimer.current = setTimeout(restart, 2_000);
      },
    }),
  );
}
