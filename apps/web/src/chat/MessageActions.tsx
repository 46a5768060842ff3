import { useState } from "react";
import type { ChatMessage } from "./chat-message";

interface MessageActionsProps {
  message: ChatMessage;
  /** A reply is being written in the conversation: no new version can start now. */
  busy: boolean;
  onRegenerate?: (messageId: number) => void;
  onEdit?: () => void;
}

const fullTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const shortTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** Copy, regenerate or edit, and when it was written: shown on hover and on keyboard focus. */
export function MessageActions({ message, busy, onRegenerate, onEdit }: MessageActionsProps) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard.writeText(message.content).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    });
  const id = message.id;
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      <button type="button" className="btn btn-sm btn-ghost" onClick={copy} aria-label="Copy as Markdown" title="Copy as Markdown">
        {copied ? "Copied" : "Copy"}
      </button>
      {onRegenerate && id !== null && (
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          disabled={busy}
          onClick={() => onRegenerate(id)}
          aria-label="Regenerate reply"
          title="Regenerate reply"
        >
          Regenerate
        </button>
      )}
      {onEdit && id !== null && (
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          disabled={busy}
          onClick={onEdit}
          aria-label="Edit message"
          title="Edit message"
        >
          Edit
        </button>
      )}
      {message.createdAt && (
        <time className="message-time" dateTime={message.createdAt} title={fullTime(message.createdAt)}>
          {shortTime(message.createdAt)}
        </time>
      )}
    </div>
  );
}

/** `‹ 2/3 ›`: the message's versions, when it has more than one. */
export function VersionSwitcher({
  message,
  busy,
  onSwitch,
}: {
  message: ChatMessage;
  busy: boolean;
  onSwitch: (messageId: number) => void;
}) {
  const index = message.versionIds.indexOf(message.id ?? -1);
  if (message.versionIds.length < 2 || index < 0) return null;
  const previous = message.versionIds[index - 1];
  const next = message.versionIds[index + 1];
  return (
    <div className="version-switcher" role="group" aria-label="Versions">
      <button
        type="button"
        className="btn btn-sm btn-ghost"
        disabled={busy || previous === undefined}
        onClick={() => previous !== undefined && onSwitch(previous)}
        aria-label="Previous version"
      >
        ‹
      </button>
      <span data-testid="version-position">
        {index + 1}/{message.versionIds.length}
      </span>
      <button
        type="button"
        className="btn btn-sm btn-ghost"
        disabled={busy || next === undefined}
        onClick={() => next !== undefined && onSwitch(next)}
        aria-label="Next version"
      >
        ›
      </button>
    </div>
  );
}
