import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Conversation, ConversationContext } from "../api/types";
import { newConversationPath } from "../chat/context-key";
import { conversations } from "../chat/conversation-store";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ConversationRow } from "./ConversationRow";
import { useConversationPages } from "./use-conversation-pages";
import { useSwitchConversation } from "./use-switch-conversation";

interface ConversationListProps {
  context: ConversationContext;
  currentId: number | null;
  onNavigate: () => void;
}

/** The current context's conversations, newest activity first, loaded page by page on scroll. */
export function ConversationList({ context, currentId, onNavigate }: ConversationListProps) {
  const list = useConversationPages(context);
  const switchTo = useSwitchConversation(onNavigate);
  const actions = useRowActions(context, currentId);
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

  if (list.isPending) return <ListSkeleton />;
  if (list.error) return <p className="sidebar-note">{errorInfo(list.error).message}</p>;
  const sessions = list.data.pages.flatMap((page) => page.items);
  if (sessions.length === 0) return <p className="sidebar-note">No conversations yet. Send a message to start one.</p>;

  return (
    <>
      <ul className="conv-list" data-testid="conversation-list">
        {sessions.map((session) => (
          <ConversationRow key={session.id} session={session} current={session.id === currentId} onOpen={switchTo} onRename={actions.rename} onDelete={actions.askDelete} />
        ))}
        {hasNextPage && (
          <li ref={sentinel} className="conv-more">
            {isFetchingNextPage ? <span className="spinner" aria-label="Loading more conversations" /> : null}
          </li>
        )}
      </ul>
      <ConfirmDialog
        open={actions.deleting !== null}
        title="Delete this conversation?"
        confirmLabel="Delete"
        busy={actions.busy}
        onCancel={actions.cancelDelete}
        onConfirm={actions.confirmDelete}
      >
        “{actions.deleting?.title}” and all its messages will be permanently deleted.
      </ConfirmDialog>
    </>
  );
}

function useRowActions(context: ConversationContext, currentId: number | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const renameMutation = useMutation(trpc.sessions.rename.mutationOptions());
  const deleteMutation = useMutation(trpc.sessions.delete.mutationOptions());
  const [deleting, setDeleting] = useState<Conversation | null>(null);

  async function rename(session: Conversation, title: string) {
    try {
      const renamed = await renameMutation.mutateAsync({ sessionId: session.id, title });
      if (conversations.has(session.id)) conversations.update(session.id, (state) => ({ ...state, session: renamed }));
    } catch (error) {
      throw new Error(errorInfo(error).message);
    }
    await queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
  }

  async function confirmDelete() {
    if (!deleting) return;
    await deleteMutation.mutateAsync({ sessionId: deleting.id }).catch(() => undefined);
    if (deleting.id === currentId) navigate(newConversationPath(context), { replace: true });
    setDeleting(null);
    await queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
  }

  return { rename, deleting, busy: deleteMutation.isPending, askDelete: setDeleting, cancelDelete: () => setDeleting(null), confirmDelete };
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
