import { skipToken, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC, useTRPCClient } from "../api/trpc";
import { useSessionManager } from "../auth/session-context";
import type { ChatEvent } from "./chat-message";
import { applyEvent, applyLatestPage, applyOlderPage } from "./conversation-reducer";
import { conversations } from "./conversation-store";
import { conversationsOf, useAccountNews } from "../sync/account-news";

const PAGE_SIZE = 30;

/**
 * The number of the newest latest-page load started for each conversation. Loads can finish out
 * of order (a slow answer, a busy machine): one that a newer load followed may predate a message
 * sent and answered since, and applying it would take that exchange off the screen.
 */
const newestLoad = new Map<number, number>();

/**
 * Keeps one conversation in the store up to date: loads its latest messages, holds exactly one
 * `chat.stream` subscription while the conversation is open, and pages back on request.
 */
export function useConversationSync(sessionId: number | null) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const manager = useSessionManager();

  const loadLatest = useCallback(async () => {
    if (sessionId === null) return;
    const load = (newestLoad.get(sessionId) ?? 0) + 1;
    newestLoad.set(sessionId, load);
    const superseded = () => newestLoad.get(sessionId) !== load;
    try {
      const page = await client.sessions.messages.query({ sessionId, limit: PAGE_SIZE });
      if (superseded()) return;
      conversations.update(sessionId, (state) => applyLatestPage(state, page));
    } catch (error) {
      if (superseded()) return;
      conversations.update(sessionId, (state) => {
        // Gone while open: keep what the reader has; otherwise a transient failure keeps it too.
        if (state.status === "ready") return isGone(error) ? { ...state, deletedElsewhere: true } : state;
        return { ...state, status: "error", error };
      });
    }
  }, [sessionId, client]);

  const loadOlder = useCallback(async () => {
    if (sessionId === null) return;
    const state = conversations.get(sessionId);
    const before = state.messages.find((m) => m.id !== null)?.id ?? undefined;
    if (state.loadingOlder || !state.hasOlder || before === undefined || before === null) return;
    conversations.update(sessionId, (s) => ({ ...s, loadingOlder: true }));
    try {
      const page = await client.sessions.messages.query({ sessionId, limit: PAGE_SIZE, before });
      conversations.update(sessionId, (s) => applyOlderPage(s, page));
    } catch {
      conversations.update(sessionId, (s) => ({ ...s, loadingOlder: false }));
    }
  }, [sessionId, client]);

  useEffect(() => {
    void loadLatest();
  }, [loadLatest]);

  const onEvent = useCallback(
    (event: ChatEvent) => {
      if (sessionId === null) return;
      const before = conversations.get(sessionId);
      conversations.update(sessionId, (state) => applyEvent(state, event));
      const listChanged = event.type === "title" || event.type === "done" || event.type === "conversation_deleted";
      if (listChanged) void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
      if (event.type === "title") void queryClient.invalidateQueries(trpc.sessions.get.queryFilter({ sessionId }));
      // A reply, a title or a summary adds to what the conversation (and the user) used.
      if (event.type === "done" || event.type === "title" || event.type === "summary") {
        void queryClient.invalidateQueries(trpc.usage.pathFilter());
      }
      const unknownUserMessage =
        event.type === "reply_started" && event.userMessageId !== null && !before.messages.some((m) => m.id === event.userMessageId);
      // Lost events, a summary, another version shown, a finished reply (its title may have been
      // written meanwhile), a deleted conversation, or a message sent from another tab: the
      // loaded page is out of date.
      const stale = ["resync", "summary", "branch", "done", "conversation_deleted"].includes(event.type);
      if (stale || unknownUserMessage) void loadLatest();
    },
    [sessionId, trpc, queryClient, loadLatest],
  );

  // Renamed, titled, deleted or restored in another tab or on another device.
  useAccountNews((event) => {
    if (sessionId === null || !conversationsOf(event).includes(sessionId)) return;
    if (event.type === "session_deleted") {
      conversations.update(sessionId, (state) => (state.status === "ready" ? { ...state, deletedElsewhere: true } : state));
      return;
    }
    if (event.type === "session_restored") conversations.update(sessionId, (state) => ({ ...state, deletedElsewhere: false }));
    // Made active changes nothing it shows (and this tab's own opening announces that too).
    if (event.type !== "session_activated") void loadLatest();
  });

  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(retryTimer.current), [sessionId]);

  const subscription = useSubscription(
    trpc.chat.stream.subscriptionOptions(sessionId === null ? skipToken : { sessionId }, {
      // What happened before the stream started (a title written meanwhile) is in the next page.
      onStarted: () => void loadLatest(),
      onData: (tracked) => onEvent(tracked.data),
      onError: (error) => {
        const info = errorInfo(error);
        if (info.code === "NOT_FOUND") return;
        const restart = () => subscription.reset();
        if (info.code === "UNAUTHORIZED") {
          void manager.refresh().then((ok) => ok && restart());
          return;
        }
        retryTimer.current = setTimeout(restart, 2_000);
      },
    }),
  );

  return { loadLatest, loadOlder };
}

function isGone(error: unknown): boolean {
  return errorInfo(error).code === "NOT_FOUND";
}
