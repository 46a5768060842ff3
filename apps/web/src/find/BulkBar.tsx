import { useState, type FormEvent } from "react";
import { errorInfo } from "../api/errors";
import { useConversationDownload } from "../transfer/use-markdown-export";
import { useKeepActions } from "./use-keep-actions";

interface BulkBarProps {
  selectedIds: number[];
  shownCount: number;
  archivedView: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}

/** Actions over the ticked conversations, each in one transaction, each undoable for 10 s. */
export function BulkBar({ selectedIds, shownCount, archivedView, onSelectAll, onClear }: BulkBarProps) {
  const keep = useKeepActions();
  const [tag, setTag] = useState("");
  const [error, setError] = useState<string | null>(null);
  const downloads = useConversationDownload();
  const stamp = new Date().toISOString().slice(0, 10);
  const what = `${selectedIds.length} conversation${selectedIds.length === 1 ? "" : "s"}`;

  async function run(action: Parameters<typeof keep.apply>[1]) {
    setError(null);
    try {
      await keep.apply(selectedIds, action, what);
      onClear();
    } catch (caught) {
      setError(errorInfo(caught).message);
    }
  }

  function addTag(event: FormEvent) {
    event.preventDefault();
    if (tag.trim()) void run({ kind: "addTags", tags: [tag.trim()] }).then(() => setTag(""));
  }

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected conversations" data-testid="bulk-bar">
      <span>{selectedIds.length} selected</span>
      {selectedIds.length < shownCount && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={onSelectAll}>
          Select all {shownCount}
        </button>
      )}
      <button
        type="button"
        className="btn btn-sm"
        disabled={keep.busy}
        onClick={() => void run({ kind: archivedView ? "unarchive" : "archive" })}
      >
        {archivedView ? "Restore" : "Archive"}
      </button>
      <button type="button" className="btn btn-sm" disabled={keep.busy} onClick={() => void run({ kind: "delete" })}>
        Delete
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={downloads.busy}
        onClick={() => void downloads.save("markdown", { sessionIds: selectedIds }, `parley-selection-${stamp}.md`)}
      >
        Export .md
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={downloads.busy}
        onClick={() => void downloads.save("json", { sessionIds: selectedIds }, `parley-selection-${stamp}.jsonl`)}
      >
        Export .jsonl
      </button>
      <form onSubmit={addTag} className="bulk-tag">
        <input
          className="input input-sm"
          value={tag}
          maxLength={40}
          placeholder="tag"
          aria-label="Tag to add"
          onChange={(event) => setTag(event.target.value)}
        />
        <button type="submit" className="btn btn-sm" disabled={keep.busy || !tag.trim()}>
          Tag
        </button>
      </form>
      <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>
        Clear
      </button>
      {(error ?? downloads.error) && (
        <span className="field-error" role="alert">
          {error ?? downloads.error}
        </span>
      )}
    </div>
  );
}
