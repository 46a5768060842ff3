import { memo, useState } from "react";
import { useReconnecting } from "../api/connection-state";
import { ReplyUsage } from "../usage/ReplyUsage";
import { Markdown } from "../markdown/Markdown";
import { AlertIcon, RetryIcon } from "../ui/icons";
import type { ChatMessage } from "./chat-message";
import { MessageActions, VersionSwitcher } from "./MessageActions";
import { ToolCalls } from "../insight/ToolCalls";
import { useSendCooldown } from "./send-cooldown";
import type { BranchActions } from "./use-branch-actions";

interface MessageItemProps {
  message: ChatMessage;
  /** Only the last reply of a conversation can be written again. */
  canRetry: boolean;
  /** A reply is being written in the conversation. */
  busy: boolean;
  branch: BranchActions;
  onRetryReply: (messageId: number) => void;
  onResend: (message: ChatMessage) => void;
}

const endedNotes: Partial<Record<ChatMessage["status"], string>> = {
  stopped: "Stopped",
  interrupted: "Interrupted: the reply was cut off",
  failed: "The assistant couldn't answer",
};

function EditQuestion({ message, onDone, branch }: { message: ChatMessage; onDone: () => void; branch: BranchActions }) {
  const [text, setText] = useState(message.content);
  const save = async () => {
    if (message.id !== null && text.trim() && (await branch.edit(message.id, text))) onDone();
  };
  return (
    <form className="edit-question" onSubmit={(event) => (event.preventDefault(), void save())}>
      <textarea aria-label="Edit your message" value={text} onChange={(event) => setText(event.target.value)} rows={3} autoFocus />
      <div className="edit-question-buttons">
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-sm btn-primary" disabled={!text.trim()}>
          Save and send
        </button>
      </div>
    </form>
  );
}

function UserMessage({ message, onResend, busy, branch }: Pick<MessageItemProps, "message" | "onResend" | "busy" | "branch">) {
  const failed = message.local?.state === "failed";
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="message message-user" data-testid="message-user">
        <EditQuestion message={message} branch={branch} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li
      className="message message-user"
      data-testid="message-user"
      data-message-id={message.id ?? undefined}
      aria-busy={message.local?.state === "sending"}
    >
      <div className={failed ? "bubble bubble-failed" : "bubble"}>{message.content}</div>
      {!message.local && (
        <div className="message-footer">
          <VersionSwitcher message={message} busy={busy} onSwitch={branch.switchVersion} />
          <MessageActions message={message} busy={busy} onEdit={() => setEditing(true)} />
        </div>
      )}
      {message.local?.state === "sending" && <span className="message-meta">Sending…</span>}
      {failed && (
        <div className="message-error" role="alert">
          <AlertIcon />
          <span>{message.local?.error ?? "Not sent"}</span>
          <ResendButton message={message} onResend={onResend} />
        </div>
      )}
    </li>
  );
}

/** Only a failed message renders this, so the cooldown's ticking never touches the rest of the list. */
function ResendButton({ message, onResend }: Pick<MessageItemProps, "message" | "onResend">) {
  const cooldown = useSendCooldown();
  const gone = message.local?.conversationGone === true;
  return (
    <button type="button" className="btn btn-sm" disabled={cooldown > 0 && !gone} onClick={() => onResend(message)}>
      {gone ? (
        "Send it in a new conversation"
      ) : (
        <>
          <RetryIcon /> Retry
        </>
      )}
    </button>
  );
}

function AssistantMessage({ message, canRetry, onRetryReply, busy, branch }: Omit<MessageItemProps, "onResend">) {
  const streaming = message.status === "streaming";
  const note = endedNotes[message.status];
  const reconnecting = useReconnecting();
  return (
    <li
      className="message message-assistant"
      data-testid="message-assistant"
      data-message-id={message.id ?? undefined}
      data-status={message.status}
      aria-busy={streaming}
    >
      <ToolCalls tools={message.tools} />
      {message.content ? (
        <div className={streaming ? "reply-text reply-streaming" : "reply-text"}>
          <Markdown text={message.content} />
        </div>
      ) : (
        streaming && <TypingDots />
      )}
      {streaming && message.slow && (
        <div className="message-note" role="status" data-testid="provider-slow">
          The AI provider is slow to answer; still waiting…
        </div>
      )}
      {message.status === "complete" && message.error && (
        <div className="message-note" data-testid="reply-note">
          <AlertIcon />
          <span>{message.error}</span>
        </div>
      )}
      {note && (
        <div
          className={message.status === "stopped" ? "message-note" : "message-error"}
          role={message.status === "failed" ? "alert" : undefined}
        >
          {message.status !== "stopped" && <AlertIcon />}
          <span>{message.status === "failed" && message.error ? message.error : note}</span>
          {canRetry && message.id !== null && (
            <button type="button" className="btn btn-sm" onClick={() => message.id !== null && onRetryReply(message.id)}>
              <RetryIcon /> Retry
            </button>
          )}
        </div>
      )}
      {streaming && reconnecting && (
        <span className="message-meta" role="status">
          Waiting for the connection: the reply goes on being written on the server
        </span>
      )}
      {!streaming && (
        <div className="message-footer">
          <VersionSwitcher message={message} busy={busy} onSwitch={branch.switchVersion} />
          <MessageActions message={message} busy={busy} onRegenerate={branch.regenerate} />
          <ReplyUsage usage={message.usage} />
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
  return props.message.role === "user" ? (
    <UserMessage message={props.message} onResend={props.onResend} busy={props.busy} branch={props.branch} />
  ) : (
    <AssistantMessage {...props} />
  );
});
