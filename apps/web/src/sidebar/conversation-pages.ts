/**
 * The conversation list is paged on activity time (newest first), which moves: a conversation
 * further down that gets a message while the list is paged jumps above the cursor, so no later
 * page holds it. The rule that picks it up: the whole list (every loaded page, from the first,
 * with fresh cursors) is fetched again when a reply ends or a title arrives in a conversation
 * this tab watches (use-conversation-sync.ts), after a send, when the window regains focus, when
 * `sync.events` says a conversation was created, renamed, titled, kept, deleted or made active
 * elsewhere (sync/use-account-events.ts), and every REFETCH_LIST_MS while it is shown: that slow
 * poll is only for the order, since a message sent on another device moves its conversation up
 * and sends are not announced (a list refetch per message on every device would cost more).
 */
export const REFETCH_LIST_MS = 60_000;

/**
 * The loaded pages as one list. A conversation can be in two pages for a moment (it moved to
 * the top between two page fetches): its first place, the newest, is kept.
 */
export function flattenConversationPages<T extends { id: number }>(pages: ReadonlyArray<{ items: readonly T[] }>): T[] {
  const seen = new Set<number>();
  const items: T[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}
