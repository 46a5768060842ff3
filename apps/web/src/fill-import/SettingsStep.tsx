import { fillFormatNames, runKinds, type FillFormatName } from "@parley/fill-files";
import { useState, type FormEvent } from "react";
import { humanize } from "../lib/format";
import type { ImportTarget, NewRunSettings, RunKind } from "./import-file";

const formatNames: Record<FillFormatName, string> = {
  generic: "Parley's generic CSV",
  alpaca: "Alpaca account activities",
  ibkr: "Interactive Brokers Flex trades",
  json: "JSON fills (array or JSON Lines)",
};

interface SettingsStepProps {
  fileName: string;
  target: ImportTarget;
  format: FillFormatName;
  mapped: boolean;
  onCheck: (format: FillFormatName, settings: NewRunSettings) => void;
}

/** The detected format (changeable) and, for a new run, its label, kind and starting capital. */
export function SettingsStep({ fileName, target, format: detected, mapped, onCheck }: SettingsStepProps) {
  const [format, setFormat] = useState(detected);
  const [label, setLabel] = useState(`Imported from ${fileName}`.slice(0, 200));
  const [kind, setKind] = useState<RunKind>("live");
  const [capital, setCapital] = useState("100000");
  const capitalValue = Number(capital);
  const capitalValid = Number.isFinite(capitalValue) && capitalValue > 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (capitalValid) onCheck(format, { label, kind, startingCapital: capitalValue });
  }

  return (
    <form className="fill-import-step" onSubmit={onSubmit} aria-label="Import settings">
      <label className="field">
        <span className="field-label">Format</span>
        <select className="input" value={format} disabled={mapped} onChange={(event) => setFormat(event.target.value as FillFormatName)}>
          {fillFormatNames.map((name) => (
            <option key={name} value={name}>
              {formatNames[name]}
              {mapped && name === "generic" ? " (your column mapping)" : ""}
            </option>
          ))}
        </select>
      </label>
      {target.kind === "new" && (
        <>
          <label className="field">
            <span className="field-label">Run label</span>
            <input className="input" value={label} maxLength={200} onChange={(event) => setLabel(event.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">Kind</span>
            <select className="input" value={kind} onChange={(event) => setKind(event.target.value as RunKind)}>
              {runKinds.map((name) => (
                <option key={name} value={name}>
                  {humanize(name)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Starting capital</span>
            <input
              className="input"
              inputMode="decimal"
              value={capital}
              aria-invalid={!capitalValid}
              onChange={(event) => setCapital(event.target.value)}
            />
            {!capitalValid && <span className="field-error">A number above 0</span>}
          </label>
        </>
      )}
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary" disabled={!capitalValid}>
          Check the file
        </button>
      </div>
    </form>
  );
}
