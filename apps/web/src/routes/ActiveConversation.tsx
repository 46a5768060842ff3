import { useQuery } from "@tanstack/react-query";
import { Navigate } from "react-router";
import { isNotFound } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { ConversationContext } from "../api/types";
import { ChatSkeleton } from "../chat/ChatIntro";
import { conversationPath, newConversationPath } from "../chat/context-key";
import { NotFound } from "../ui/NotFound";

/**
 * Opens a context's active conversation, or its ephemeral new page when it has none. Asks for the
 * active one itself (sessions.findActive, which never creates one): it may be any age, since
 * resuming a conversation does not move it up the list by activity.
 */
export function ActiveConversation({ context }: { context: ConversationContext }) {
  const trpc = useTRPC();
  // A cached answer may predate the last send or resume: decide on a fresh one.
  const active = useQuery(trpc.sessions.findActive.queryOptions({ context }, { staleTime: 0, refetchOnMount: "always" }));
  if (active.error)
    return isNotFound(active.error) ? (
      <NotFound what={context.kind === "run" ? "run" : "model"} />
    ) : (
      <ResolveFailed retry={() => void active.refetch()} />
    );
  if (active.data === undefined || active.isFetching) return <ChatSkeleton />;
  return <Navigate replace to={active.data ? conversationPath(context, active.data.id) : newConversationPath(context)} />;
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
