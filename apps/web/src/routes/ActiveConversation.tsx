import { Navigate } from "react-router";
import { isNotFound } from "../api/errors";
import { trpc } from "../api/trpc";
import type { ConversationContext } from "../api/types";
import { ChatSkeleton } from "../chat/ChatIntro";
import { conversationPath, newConversationPath } from "../chat/context-key";
import { NotFound } from "../ui/NotFound";

/**
 * Opens a context's active conversation, or its ephemeral new page when it has none. Reads the
 * list rather than calling sessions.active, which would store an empty conversation.
 */
export function ActiveConversation({ context }: { context: ConversationContext }) {
  // A cached list may predate the last send: decide on a fresh one.
  const list = trpc.sessions.list.useQuery({ filter: context, limit: 20 }, { staleTime: 0, refetchOnMount: "always" });
  if (list.error) return isNotFound(list.error) ? <NotFound what={context.kind === "run" ? "run" : "model"} /> : <ResolveFailed retry={() => void list.refetch()} />;
  if (!list.data || list.isFetching) return <ChatSkeleton />;
  const active = list.data.items.find((session) => session.isActive);
  return <Navigate replace to={active ? conversationPath(context, active.id) : newConversationPath(context)} />;
}

function ResolveFailed({ retry }: { retry: () => void }) {
  return (
    <div className="page-center">
      <div className="alert alert-error" role="alert">
        <span>Couldn't load your conversations.</span>
        <button type="button" className="btn btn-sm" onClick={retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
