import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { countOf } from "./count";
import { ColumnMappingStep } from "./ColumnMappingStep";
import type { ImportTarget, NewRunSettings } from "./import-file";
import { ScanReport } from "./ScanReport";
import { SettingsStep } from "./SettingsStep";
import { useFillImport, type ImportStep } from "./use-fill-import";
import "../styles/fill-import.css";

interface FillImportDialogProps {
  file: File;
  target: ImportTarget;
  onClose: () => void;
}

const titles: Record<ImportStep["name"], string> = {
  reading: "Reading the file…",
  mapping: "Map the columns",
  settings: "Import fills",
  checking: "Checking every row…",
  report: "What the file holds",
  sending: "Importing…",
  done: "Import finished",
  failed: "The file cannot be imported",
};

/** Loaded on first use (React.lazy): the parser and this dialog stay out of the initial JavaScript. */
export default function FillImportDialog({ file, target, onClose }: FillImportDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { step, setStep, check, send } = useFillImport(file, target);
  const [settings, setSettings] = useState<NewRunSettings>({ label: "", kind: "live", startingCapital: 100_000 });
  const busy = step.name === "checking" || step.name === "sending";

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog fill-import-dialog"
      aria-labelledby="fill-import-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="dialog-body">
        <h2 id="fill-import-title">{titles[step.name]}</h2>
        <p className="muted">{file.name}</p>
        {step.name === "mapping" && (
          <ColumnMappingStep
            head={step.head}
            onMapped={(columns) => setStep({ name: "settings", format: "generic", columns, head: step.head })}
          />
        )}
        {step.name === "settings" && (
          <SettingsStep
            fileName={file.name}
            target={target}
            format={step.format}
            mapped={step.columns !== undefined}
            onCheck={(format, chosen) => {
              setSettings(chosen);
              void check({ format, columns: step.columns });
            }}
          />
        )}
        {step.name === "checking" && <progress aria-label="Checking progress" max={1} value={step.progress} />}
        {step.name === "report" && (
          <ScanReport scan={step.scan} onCancel={onClose} onImport={() => void send({ scan: step.scan, parse: step.parse, settings })} />
        )}
        {step.name === "sending" && (
          <>
            <progress aria-label="Import progress" max={Math.max(step.total, 1)} value={step.sent} />
            <p className="muted">
              {step.sent.toLocaleString("en-US")} / {step.total.toLocaleString("en-US")} fills sent
            </p>
          </>
        )}
        {step.name === "done" && <DoneStep step={step} target={target} onClose={onClose} />}
        {step.name === "failed" && (
          <p className="field-error" role="alert">
            {step.message}
          </p>
        )}
      </div>
      {(step.name === "failed" || step.name === "reading") && (
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}

function DoneStep({ step, target, onClose }: { step: Extract<ImportStep, { name: "done" }>; target: ImportTarget; onClose: () => void }) {
  const { outcome, scan } = step;
  return (
    <>
      <p role="status" data-testid="import-outcome">
        {countOf(outcome.inserted, "fill")} imported, {outcome.duplicates.toLocaleString("en-US")} skipped as already present
        {scan.errors.length > 0 ? `, ${countOf(scan.errors.length, "rejected row")} left out` : ""}.
      </p>
      <div className="dialog-actions">
        {target.kind === "new" && (
          <Link className="btn" to={`/m/${target.modelId}/runs/${outcome.runId}/chat`} onClick={onClose}>
            Open run #{outcome.runId}
          </Link>
        )}
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </>
  );
}
