import { lazy, Suspense, useRef, useState, type DragEvent } from "react";
import type { ImportTarget } from "./import-file";

const FillImportDialog = lazy(() => import("./FillImportDialog"));

/**
 * A drop zone for a fill file, with a button for those who do not drag (keyboard, phones). The
 * dialog that reads and sends the file is a chunk of its own, fetched when a file is chosen.
 */
export function FillFileDrop({ target, label }: { target: ImportTarget; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [over, setOver] = useState(false);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  }

  return (
    <div
      className={over ? "fill-drop is-over" : "fill-drop"}
      data-testid="fill-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span className="muted">Drop a fill file here (CSV: generic, Alpaca, IBKR Flex; or JSON fills)</span>
      <button type="button" className="btn btn-sm" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv,text/plain,.json,.jsonl,.ndjson,application/json"
        hidden
        aria-label={label}
        onChange={(event) => {
          setFile(event.target.files?.[0] ?? null);
          event.target.value = "";
        }}
      />
      {file && (
        <Suspense fallback={null}>
          <FillImportDialog file={file} target={target} onClose={() => setFile(null)} />
        </Suspense>
      )}
    </div>
  );
}
