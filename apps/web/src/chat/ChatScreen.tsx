import { skipToken, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { isNotFound } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Conversation, ConversationContext } from "../api/types";
import { DetailsPanel } from "../details/DetailsPanel";
import { ShowTradeContext, type TradeFocus } from "../insight/trade-focus";
import { NotFound } from "../ui/NotFound";
import { ChatHeader } from "./ChatHeader";
import { ChatPanel } from "./ChatPanel";
import { contextKey, contextOfSession, conversationPath } from "./context-key";
import { useConversationState } from "./conversation-store";
import { useOpenedBecomesActive } from "./use-opened-becomes-active";

interface ChatScreenProps {
  context: ConversationContext;
  sessionId: number | null;
}

/** One conversation (or the ephemeral new page) of a context, with its header and details. */
export function ChatScreen({ context, sessionId }: ChatScreenProps) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const state = useConversationState(sessionId);
  const [detailsOpen, setDetailsOpen] = useState(false);
  // In a run conversation, a reply's trade reference opens the details panel's trades table at
  // it; the request belongs to that run and lasts until the panel is closed.
  const [tradeFocus, setTradeFocus] = useState<(TradeFocus & { runId: number }) | null>(null);
  const runId = context.kind === "run" ? context.runId : null;
  const showTrade = useCallback(
    (tradeId: number) => {
      if (runId === null) return;
      setTradeFocus({ id: tradeId, runId });
      setDetailsOpen(true);
    },
    [runId],
  );
  const setDetails = (open: boolean) => {
    setDetailsOpen(open);
    if (!open) setTradeFocus(null);
  };
  const modelId = context.kind === "general" ? null : context.modelId;
  const model = useQuery(trpc.models.get.queryOptions(modelId ? { modelId } : skipToken));
  const run = useQuery(trpc.runs.get.queryOptions(context.kind === "run" ? { modelId: context.modelId, runId: context.runId } : skipToken));

  const onCreated = useCallback(
    (session: Conversation) => navigate(conversationPath(context, session.id), { replace: true }),
    [context, navigate],
  );

  useOpenedBecomesActive(sessionId, state.session);
  const title = sessionId === null ? "New conversation" : (state.session?.title ?? "");
  useEffect(() => {
    document.title = title ? `${title} · Parley` : "Parley";
  }, [title]);

  if (isNotFound(model.error)) return <NotFound what="model" />;
  if (isNotFound(run.error)) return <NotFound what="run" />;
  const session = state.session;
  if (session && sessionId !== null && contextKey(contextOfSession(session)) !== contextKey(context)) {
    // The id belongs to another context (e.g. /c/:id of a model conversation): show it where it lives.
    return <Navigate replace to={conversationPath(contextOfSession(session), session.id)} />;
  }

  return (
    <div className="chat-screen">
      <ChatHeader
        context={context}
        title={title}
        sessionId={sessionId}
        model={model.data}
        detailsOpen={detailsOpen}
        onToggleDetails={context.kind === "general" ? undefined : () => setDetails(!detailsOpen)}
      />
      <div className="chat-body">
        <ShowTradeContext.Provider value={runId === null ? null : showTrade}>
          <ChatPanel
            key={sessionId ?? `new-${contextKey(context)}`}
            context={context}
            sessionId={sessionId}
            modelDeleted={Boolean(model.data?.deletedAt)}
            onCreated={onCreated}
          />
        </ShowTradeContext.Provider>
        {detailsOpen && context.kind !== "general" && (
          <DetailsPanel context={context} onClose={() => setDetails(false)} tradeFocus={tradeFocus?.runId === runId ? tradeFocus : null} />
        )}
      </div>
    </div>
  );
}
