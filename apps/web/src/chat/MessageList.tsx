import { useEffect, useRef, type ReactNode } from "react";
import { ArrowDownIcon } from "../ui/icons";
import type { ModelVersion } from "../api/types";
import type { ChatMessage, ConversationState } from "./chat-message";
import { ConfigChangeNote } from "./ConfigChangeNote";
import { MessageItem } from "./MessageItem";
import type { BranchActions } from "./use-branch-actions";
import { SummaryCard } from "./SummaryCard";
import { interleaveChanges } from "./timeline";
import { useStickToBottom } from "./use-stick-to-bottom";
import { useLandOnMessage } from "../find/use-land-on-message";

interface MessageListProps {
  state: ConversationState;
  messages: ChatMessage[];
  /** The model's configuration versions: changes made during the conversation show in its timeline. */
  versions: ModelVersion[];
  onLoadOlder: () => void;
  onRetryReply: (messageId: number) => void;
  onResend: (message: ChatMessage) => void;
  /** A reply is being written: no new version can start. */
  busy: boolean;
  branch: BranchActions;
  empty: ReactNode;
}

function LoadOlder({ loading, onLoadOlder }: { loading: boolean; onLoadOlder: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onLoadOlder(), {
      rootMargin: "200px 0px 0px 0px",
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [onLoadOlder]);
  return (
    <div ref={sentinel} className="load-older">
      <button type="button" className="btn btn-sm btn-ghost" onClick={onLoadOlder} disabled={loading}>
        {loading && <span className="spinner" />}
        {loading ? "Loading older messages…" : "Load older messages"}
      </button>
    </div>
  );
}

export function MessageList(props: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const { messages, state } = props;
  const { atBottom, scrollToBottom } = useStickToBottom(scroller, content, messages[0]?.key);
  const lastAssistant = [...messages].reverse().find((m) => m.role === "assistant");
  const lastLocal = messages.at(-1)?.local?.state === "sending";
  useLandOnMessage(scroller, messages, state, props.onLoadOlder);

  useEffect(() => {
    if (lastLocal) scrollToBottom();
  }, [lastLocal, scrollToBottom]);

  return (
    <div className="message-scroller" ref={scroller} data-testid="message-scroller">
      <div className="message-column" ref={content}>
        {state.summary && <SummaryCard summary={state.summary} />}
        {state.hasOlder && <LoadOlder loading={state.loadingOlder} onLoadOlder={props.onLoadOlder} />}
        {messages.length === 0 ? (
          props.empty
        ) : (
          <ol className="messages" aria-label="Messages">
            {interleaveChanges(messages, props.versions).map((item) =>
              item.kind === "config" ? (
                <ConfigChangeNote key={`v${item.version.version}`} version={item.version} />
              ) : (
                <MessageItem
                  key={item.message.key}
                  message={item.message}
                  canRetry={item.message === lastAssistant}
                  busy={props.busy}
                  branch={props.branch}
                  onRetryReply={props.onRetryReply}
                  onResend={props.onResend}
                />
              ),
            )}
          </ol>
        )}
      </div>
      {!atBottom && (
        <button type="button" className="jump-latest" onClick={scrollToBottom}>
          <ArrowDownIcon /> Latest
        </button>
      )}
    </div>
  );
}
