import type { FileScan } from "@parley/fill-files";
import { useState } from "react";
import { countOf } from "./count";

/** Rows listed at most: a file of a million bad rows would otherwise fill the page. */
const SHOWN_ROWS = 100;

/** What the check found, before anything is sent; with rejected rows, the user chooses (nothing, by default). */
export function ScanReport({ scan, onImport, onCancel }: { scan: FileScan; onImport: () => void; onCancel: () => void }) {
  const [choice, setChoice] = useState<"nothing" | "good">("nothing");
  const rejected = scan.errors.length;
  return (
    <div className="fill-import-step">
      <p data-testid="scan-summary">
        {countOf(scan.fills, "valid fill")}, {countOf(rejected, "rejected row")}, {countOf(scan.skipped.length, "skipped row")}.
      </p>
      {rejected > 0 && (
        <ul className="fill-rejected" aria-label="Rejected rows">
          {scan.errors.slice(0, SHOWN_ROWS).map((row) => (
            <li key={row.line}>
              <strong>Line {row.line}:</strong> {row.reasons.join("; ")}
            </li>
          ))}
          {rejected > SHOWN_ROWS && <li className="muted">… and {countOf(rejected - SHOWN_ROWS, "more rejected row")}</li>}
        </ul>
      )}
      {scan.skipped.length > 0 && (
        <details>
          <summary>Skipped rows (not fills)</summary>
          <ul>
            {scan.skipped.slice(0, SHOWN_ROWS).map((row) => (
              <li key={row.line}>
                Line {row.line}: {row.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {rejected > 0 && scan.fills > 0 && (
        <fieldset className="fill-choice">
          <legend>Some rows are rejected</legend>
          <label className="check">
            <input type="radio" name="fill-choice" checked={choice === "nothing"} onChange={() => setChoice("nothing")} />
            <span>Import nothing</span>
          </label>
          <label className="check">
            <input type="radio" name="fill-choice" checked={choice === "good"} onChange={() => setChoice("good")} />
            <span>Keep the good rows ({countOf(scan.fills, "fill")})</span>
          </label>
        </fieldset>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        {rejected > 0 && choice === "nothing" ? (
          <button type="button" className="btn btn-primary" onClick={onCancel}>
            Import nothing
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={scan.fills === 0} onClick={onImport}>
            Import {countOf(scan.fills, "fill")}
          </button>
        )}
      </div>
    </div>
  );
}
