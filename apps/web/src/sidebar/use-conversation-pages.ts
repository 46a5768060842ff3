import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "../api/trpc";
import type { ConversationContext } from "../api/types";
import { REFETCH_LIST_MS } from "./conversation-pages";

const PAGE_SIZE = 30;

/**
 * sessions.list page by page. tRPC's own useInfiniteQuery adds a `direction` field the API's
 * strict input refuses, so this calls the procedure itself, under tRPC's query key so that
 * invalidating `trpc.sessions.list.pathFilter()` refreshes it like any other list.
 */
export function useConversationPages(context: ConversationContext, view: { archived: boolean; tag: string | null }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { filter: context, limit: PAGE_SIZE, archived: view.archived, tags: view.tag ? [view.tag] : [] };
  return useInfiniteQuery({
    queryKey: trpc.sessions.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) => client.sessions.list.query(pageParam ? { ...input, cursor: pageParam } : input, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Conversations that moved above the cursor while paging are picked up (conversation-pages.ts).
    refetchInterval: REFETCH_LIST_MS,
    refetchOnWindowFocus: true,
  });
}
