import { memo } from "react";
import { Markdown } from "../markdown/Markdown";
import { AlertIcon, RetryIcon } from "../ui/icons";
import type { ChatMessage } from "./chat-message";
import { ToolChips } from "./ToolChips";

interface MessageItemProps {
  message: ChatMessage;
  /** Only the last reply of a conversation can be written again. */
  canRetry: boolean;
  onRetryReply: (messageId: number) => void;
  onResend: (message: ChatMessage) => void;
}

const endedNotes: Partial<Record<ChatMessage["status"], string>> = {
  stopped: "Stopped",
  interrupted: "Interrupted: the reply was cut off",
  failed: "The assistant couldn't answer",
};

function UserMessage({ message, onResend }: Pick<MessageItemProps, "message" | "onResend">) {
  const failed = message.local?.state === "failed";
  return (
    <li className="message message-user" data-testid="message-user" aria-busy={message.local?.state === "sending"}>
      <div className={failed ? "bubble bubble-failed" : "bubble"}>{message.content}</div>
      {message.local?.state === "sending" && <span className="message-meta">Sending…</span>}
      {failed && (
        <div className="message-error" role="alert">
          <AlertIcon />
          <span>{message.local?.error ?? "Not sent"}</span>
          <button type="button" className="btn btn-sm" onClick={() => onResend(message)}>
            <RetryIcon /> Retry
          </button>
        </div>
      )}
    </li>
  );
}

function AssistantMessage({ message, canRetry, onRetryReply }: Omit<MessageItemProps, "onResend">) {
  const streaming = message.status === "streaming";
  const note = endedNotes[message.status];
  return (
    <li className="message message-assistant" data-testid="message-assistant" data-status={message.status} aria-busy={streaming}>
      <ToolChips tools={message.tools} />
      {message.content ? <Markdown text={message.content} /> : streaming && <TypingDots />}
      {streaming && message.slow && (
        <div className="message-note" role="status" data-testid="provider-slow">
          The AI provider is slow to answer; still waiting…
        </div>
      )}
      {streaming && message.content && <span className="caret" aria-hidden="true" />}
      {message.status === "complete" && message.error && (
        <div className="message-note" data-testid="reply-note">
          <AlertIcon />
          <span>{message.error}</span>
        </div>
      )}
      {note && (
        <div className={message.status === "stopped" ? "message-note" : "message-error"} role={message.status === "failed" ? "alert" : undefined}>
          {message.status !== "stopped" && <AlertIcon />}
          <span>{message.status === "failed" && message.error ? message.error : note}</span>
          {canRetry && message.id !== null && (
            <button type="button" className="btn btn-sm" onClick={() => message.id !== null && onRetryReply(message.id)}>
              <RetryIcon /> Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function TypingDots() {
  return (
    <span className="typing" role="status" aria-label="The assistant is writing">
      <span />
      <span />
      <span />
    </span>
  );
}

export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  return props.message.role === "user" ? <UserMessage message={props.message} onResend={props.onResend} /> : <AssistantMessage {...props} />;
});
