import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Conversation } from "../api/types";
import { formatRelative } from "../lib/format";
import { PencilIcon, TrashIcon } from "../ui/icons";

interface ConversationRowProps {
  session: Conversation;
  current: boolean;
  onOpen: (session: Conversation) => void;
  onRename: (session: Conversation, title: string) => Promise<void>;
  onDelete: (session: Conversation) => void;
}

export function ConversationRow({ session, current, onOpen, onRename, onDelete }: ConversationRowProps) {
  const [editing, setEditing] = useState(false);
  if (editing) return <RenameForm session={session} onDone={() => setEditing(false)} onRename={onRename} />;
  return (
    <li className={current ? "conv-row is-current" : "conv-row"} data-testid="conversation-row" data-session-id={session.id} data-active={session.isActive}>
      <button type="button" className="conv-open" onClick={() => onOpen(session)} aria-current={current ? "page" : undefined}>
        <span className="conv-title" title={session.title}>
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
      <span className="conv-actions">
        <button type="button" className="icon-btn" onClick={() => setEditing(true)} aria-label={`Rename “${session.title}”`} title="Rename">
          <PencilIcon />
        </button>
        <button type="button" className="icon-btn" onClick={() => onDelete(session)} aria-label={`Delete “${session.title}”`} title="Delete">
          <TrashIcon />
        </button>
      </span>
    </li>
  );
}

function RenameForm({ session, onDone, onRename }: { session: Conversation; onDone: () => void; onRename: ConversationRowProps["onRename"] }) {
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
