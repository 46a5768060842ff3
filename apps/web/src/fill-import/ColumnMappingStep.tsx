import { genericColumns, type ColumnMapping, type FileHead } from "@parley/fill-files";
import { useState } from "react";

const normalized = (header: string) => header.trim().toLowerCase().replace(/\s+/g, "_");

/** Unknown headers: the user says which of the file's columns holds each fill field, seeing its first rows. */
export function ColumnMappingStep({ head, onMapped }: { head: FileHead; onMapped: (columns: ColumnMapping) => void }) {
  const [columns, setColumns] = useState<ColumnMapping>(() =>
    Object.fromEntries(
      [...genericColumns.required, ...genericColumns.optional].flatMap((column) => {
        const same = head.header.find((header) => normalized(header) === column);
        return same ? [[column, same]] : [];
      }),
    ),
  );
  const missing = genericColumns.required.filter((column) => !columns[column]);
  return (
    <div className="fill-import-step">
      <p>These columns are not a format Parley knows. Say which column holds what; the first rows of the file are below.</p>
      <div className="fill-preview" role="region" aria-label="File preview" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              {head.header.map((header, index) => (
                <th key={index} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {head.rows.map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                {row.cells.map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="fill-mapping">
        {[...genericColumns.required, ...genericColumns.optional].map((column) => (
          <label key={column} className="field">
            <span className="field-label">
              {column}
              {genericColumns.required.some((required) => required === column) ? " (required)" : ""}
            </span>
            <select
              className="input"
              value={columns[column] ?? ""}
              onChange={(event) => setColumns({ ...columns, [column]: event.target.value || undefined })}
            >
              <option value="">(none)</option>
              {head.header.map((header) => (
                <option key={header} value={header}>
                  {header}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="dialog-actions">
        {missing.length > 0 && <span className="muted">Still to choose: {missing.join(", ")}</span>}
        <button type="button" className="btn btn-primary" disabled={missing.length > 0} onClick={() => onMapped(columns)}>
          Use these columns
        </button>
      </div>
    </div>
  );
}
