import { useCallback } from "react";
import { isNotFound } from "../api/errors";
import type { Conversation, ConversationContext } from "../api/types";
import { useSession } from "../auth/session-context";
import { NotFound } from "../ui/NotFound";
import { emptyConversation, type ChatMessage } from "./chat-message";
import { Composer } from "./Composer";
import { contextKey } from "./context-key";
import { isStreaming } from "./conversation-reducer";
import { useConversationState } from "./conversation-store";
import { draftKey } from "./drafts";
import { ChatSkeleton, ConversationIntro } from "./ChatIntro";
import { ConversationDeletedBanner } from "./ConversationDeletedBanner";
import { ModelDeletedBanner } from "./ModelDeletedBanner";
import { MessageList } from "./MessageList";
import { useBranchActions } from "./use-branch-actions";
import { useChatActions } from "./use-chat-actions";
import { useConfigChanges } from "./use-config-changes";
import { useConversationSync } from "./use-conversation-sync";
import { useStartConversation } from "./use-start-conversation";

interface ChatPanelProps {
  context: ConversationContext;
  /** null: the ephemeral "new conversation" page; nothing exists until the first send. */
  sessionId: number | null;
  modelDeleted: boolean;
  onCreated: (session: Conversation) => void;
}

const placeholders: Record<ConversationContext["kind"], string> = {
  general: "Ask anything about Parley or trading…",
  model: "Ask about this model's configuration…",
  run: "Ask about this run's trades, positions and P&L…",
};

export function ChatPanel({ context, sessionId, modelDeleted, onCreated }: ChatPanelProps) {
  const userId = useSession()?.user.id ?? "anonymous";
  const state = useConversationState(sessionId);
  const { loadOlder, loadLatest } = useConversationSync(sessionId);
  const actions = useChatActions(sessionId);
  const branch = useBranchActions(sessionId, loadLatest);
  const start = useStartConversation(context, onCreated);
  const versions = useConfigChanges(context.kind === "general" ? null : context.modelId);

  const ephemeral = sessionId === null;
  const messages: ChatMessage[] = ephemeral ? (start.pending ? [start.pending] : []) : state.messages;
  const view = ephemeral ? emptyConversation : state;
  const deleted = modelDeleted || Boolean(state.session?.modelDeleted) || start.modelDeleted;
  const streaming = !ephemeral && isStreaming(state);
  const send = ephemeral ? start.send : actions.send;
  const resend = useCallback(
    (message: ChatMessage) =>
      ephemeral || message.local?.conversationGone ? void start.send(message.content) : void actions.send(message.content, message),
    [ephemeral, start, actions],
  );

  if (!ephemeral && state.status === "error" && isNotFound(state.error)) return <NotFound what="conversation" />;
  const place = ephemeral ? `${contextKey(context)}.new` : `s${sessionId}`;
  const loading = !ephemeral && state.status === "loading" && messages.length === 0;

  return (
    <div className="chat-panel">
      {deleted && <ModelDeletedBanner />}
      {!ephemeral && !deleted && state.deletedElsewhere && <ConversationDeletedBanner />}
      {loading ? (
        <ChatSkeleton />
      ) : (
        <MessageList
          state={view}
          messages={messages}
          versions={versions}
          onLoadOlder={loadOlder}
          onRetryReply={(id) => void actions.retry(id)}
          onResend={resend}
          busy={streaming || deleted}
          branch={branch}
          empty={<ConversationIntro context={context} />}
        />
      )}
      {branch.error && (
        <div className="message-error branch-error" role="alert">
          {branch.error}
        </div>
      )}
      <Composer
        draftKey={draftKey(userId, place)}
        placeholder={placeholders[context.kind]}
        streaming={streaming}
        disabled={deleted || start.pending?.local?.state === "sending"}
        disabledReason={deleted ? "This model was deleted. Its conversations stay readable, but can't take new messages." : undefined}
        onSend={(text) => void send(text)}
        onStop={actions.stop}
      />
    </div>
  );
}
