import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Conversation } from "../api/types";
import { formatRelative } from "../lib/format";
import { PencilIcon, TrashIcon } from "../ui/icons";

interface ConversationRowProps {
  session: Conversation;
  current: boolean;
  selected: boolean;
  onOpen: (session: Conversation) => void;
  onRename: (session: Conversation, title: string) => Promise<void>;
  onDelete: (session: Conversation) => void;
  onTogglePin: (session: Conversation) => void;
  onToggleArchive: (session: Conversation) => void;
  /** `range`: shift-click, selecting everything from the last click to this one. */
  onSelect: (session: Conversation, range: boolean) => void;
  onTag: (tag: string) => void;
}

export function ConversationRow(props: ConversationRowProps) {
  const { session, current, onOpen } = props;
  const [editing, setEditing] = useState(false);
  if (editing) return <RenameForm session={session} onDone={() => setEditing(false)} onRename={props.onRename} />;
  const classes = ["conv-row", current && "is-current", props.selected && "is-selected"].filter(Boolean).join(" ");
  return (
    <li
      className={classes}
      data-testid="conversation-row"
      data-session-id={session.id}
      data-active={session.isActive}
      data-pinned={session.isPinned}
    >
      <input
        type="checkbox"
        className="conv-select"
        checked={props.selected}
        aria-label={`Select “${session.title}”`}
        onClick={(event) => props.onSelect(session, event.shiftKey)}
        onChange={() => undefined}
      />
      <button type="button" className="conv-open" onClick={() => onOpen(session)} aria-current={current ? "page" : undefined}>
        <span className="conv-title" title={session.title}>
          {session.isPinned && (
            <span className="conv-pin" aria-label="Pinned">
              📌{" "}
            </span>
          )}
          {session.title}
        </span>
        <span className="conv-meta">
          {session.isActive && (
            <span
              className="conv-active"
              data-testid="active-marker"
              title="The active conversation of its context: the one opening this context (and the CLI) takes you to"
            >
              <span className="dot" aria-hidden="true" />
              Active
            </span>
          )}
          <span>{formatRelative(session.activityAt)}</span>
          {session.modelDeleted && <span>· model deleted</span>}
        </span>
      </button>
      {session.tags.length > 0 && (
        <span className="conv-tags">
          {session.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="tag-chip"
              onClick={() => props.onTag(tag)}
              title={`Only conversations tagged ${tag}`}
            >
              #{tag}
            </button>
          ))}
        </span>
      )}
      <RowActions {...props} onEdit={() => setEditing(true)} />
    </li>
  );
}

function RowActions({ session, onDelete, onTogglePin, onToggleArchive, onEdit }: ConversationRowProps & { onEdit: () => void }) {
  const pinLabel = session.isPinned ? "Unpin" : "Pin";
  const archiveLabel = session.archivedAt ? "Restore" : "Archive";
  return (
    <span className="conv-actions">
      <button
        type="button"
        className="icon-btn"
        onClick={() => onTogglePin(session)}
        aria-label={`${pinLabel} “${session.title}”`}
        title={pinLabel}
      >
        {session.isPinned ? "⊘" : "📌"}
      </button>
      <button
        type="button"
        className="icon-btn"
        onClick={() => onToggleArchive(session)}
        aria-label={`${archiveLabel} “${session.title}”`}
        title={archiveLabel}
      >
        {session.archivedAt ? "↩" : "🗄"}
      </button>
      <button type="button" className="icon-btn" onClick={onEdit} aria-label={`Rename “${session.title}”`} title="Rename">
        <PencilIcon />
      </button>
      <button type="button" className="icon-btn" onClick={() => onDelete(session)} aria-label={`Delete “${session.title}”`} title="Delete">
        <TrashIcon />
      </button>
    </span>
  );
}

function RenameForm({
  session,
  onDone,
  onRename,
}: {
  session: Conversation;
  onDone: () => void;
  onRename: ConversationRowProps["onRename"];
}) {
  const [title, setTitle] = useState(session.title);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return setError("A title cannot be empty");
    try {
      await onRename(session, title.trim());
      onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Couldn't rename");
    }
  }

  return (
    <li className="conv-row is-editing">
      <form onSubmit={submit} className="rename-form">
        <input
          ref={input}
          className="input input-sm"
          value={title}
          maxLength={200}
          aria-label="Conversation title"
          aria-invalid={error ? true : undefined}
          onChange={(event) => setTitle(event.target.value)}
          onKeyDown={(event) => event.key === "Escape" && onDone()}
          onBlur={onDone}
        />
        {error && <span className="field-error">{error}</span>}
      </form>
    </li>
  );
}
