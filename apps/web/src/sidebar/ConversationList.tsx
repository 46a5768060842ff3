import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Conversation, ConversationContext } from "../api/types";
import { newConversationPath } from "../chat/context-key";
import { conversations } from "../chat/conversation-store";
import { BulkBar } from "../find/BulkBar";
import { useKeepActions } from "../find/use-keep-actions";
import { useSelection } from "../find/use-selection";
import { ConversationRow } from "./ConversationRow";
import { flattenConversationPages } from "./conversation-pages";
import { useConversationPages } from "./use-conversation-pages";
import { useSwitchConversation } from "./use-switch-conversation";

interface ConversationListProps {
  context: ConversationContext;
  currentId: number | null;
  onNavigate: () => void;
}

/**
 * The current context's conversations, pinned first, then newest activity, loaded page by page
 * on scroll; or its archived ones; optionally only those with one tag. Rows can be ticked
 * (shift-click for a range) for bulk actions.
 */
export function ConversationList({ context, currentId, onNavigate }: ConversationListProps) {
  const [archived, setArchived] = useState(false);
  const [tag, setTag] = useState<string | null>(null);
  const list = useConversationPages(context, { archived, tag });
  const switchTo = useSwitchConversation(onNavigate);
  const actions = useRowActions(context, currentId);
  const selection = useSelection();
  const sentinel = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const sessions = flattenConversationPages(list.data?.pages ?? []);
  const shownIds = sessions.map((session) => session.id);
  const selectedIds = shownIds.filter((id) => selection.selected.has(id));
  const views = (
    <div className="conv-views">
      <button
        type="button"
        className="btn btn-sm btn-ghost"
        aria-pressed={archived}
        onClick={() => (setArchived(!archived), selection.clear())}
      >
        {archived ? "← Conversations" : "Archived"}
      </button>
      {tag && (
        <button type="button" className="tag-chip is-filter" onClick={() => setTag(null)} aria-label={`Stop filtering by ${tag}`}>
          #{tag} ×
        </button>
      )}
    </div>
  );

  if (list.isPending) return <ListSkeleton />;
  if (list.error) return <p className="sidebar-note">{errorInfo(list.error).message}</p>;
  const empty = archived
    ? "No archived conversations."
    : tag
      ? `No conversations tagged ${tag}.`
      : "No conversations yet. Send a message to start one.";

  return (
    <>
      {views}
      {selectedIds.length > 0 && (
        <BulkBar
          selectedIds={selectedIds}
          shownCount={shownIds.length}
          archivedView={archived}
          onSelectAll={() => selection.selectAll(shownIds)}
          onClear={selection.clear}
        />
      )}
      {sessions.length === 0 && <p className="sidebar-note">{empty}</p>}
      <ul className="conv-list" data-testid="conversation-list">
        {sessions.map((session) => (
          <ConversationRow
            key={session.id}
            session={session}
            current={session.id === currentId}
            selected={selection.selected.has(session.id)}
            onOpen={switchTo}
            onRename={actions.rename}
            onDelete={actions.remove}
            onTogglePin={actions.togglePin}
            onToggleArchive={actions.toggleArchive}
            onSelect={(picked, range) => selection.toggle(picked.id, range, shownIds)}
            onTag={setTag}
          />
        ))}
        {hasNextPage && (
          <li ref={sentinel} className="conv-more">
            {isFetchingNextPage ? <span className="spinner" aria-label="Loading more conversations" /> : null}
          </li>
        )}
      </ul>
    </>
  );
}

function useRowActions(context: ConversationContext, currentId: number | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const renameMutation = useMutation(trpc.sessions.rename.mutationOptions());
  const keep = useKeepActions();
  const quoted = (session: Conversation) => `“${session.title}”`;

  async function rename(session: Conversation, title: string) {
    try {
      const renamed = await renameMutation.mutateAsync({ sessionId: session.id, title });
      if (conversations.has(session.id)) conversations.update(session.id, (state) => ({ ...state, session: renamed }));
    } catch (error) {
      throw new Error(errorInfo(error).message, { cause: error });
    }
    await queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
  }

  /** No confirmation: the delete can be undone for 10 s, which the toast offers. */
  async function remove(session: Conversation) {
    await keep.apply([session.id], { kind: "delete" }, quoted(session)).catch(() => undefined);
    if (session.id === currentId) void navigate(newConversationPath(context), { replace: true });
  }

  const togglePin = (session: Conversation) =>
    void keep.apply([session.id], { kind: session.isPinned ? "unpin" : "pin" }, quoted(session)).catch(() => undefined);
  const toggleArchive = (session: Conversation) =>
    void keep.apply([session.id], { kind: session.archivedAt ? "unarchive" : "archive" }, quoted(session)).catch(() => undefined);

  return { rename, remove: (session: Conversation) => void remove(session), togglePin, toggleArchive };
}

function ListSkeleton() {
  return (
    <div className="conv-skeleton" aria-busy="true" aria-label="Loading conversations">
      {[70, 55, 80, 60].map((width, i) => (
        <div key={i} className="skeleton" style={{ width: `${width}%`, height: 14 }} />
      ))}
    </div>
  );
}
