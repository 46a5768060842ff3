import { useMemo, useState } from "react";
import type { Row } from "./tool-results";

export interface Column {
  key: string;
  label: string;
  format?: (value: unknown) => string;
  numeric?: boolean;
}

interface SortableTableProps {
  label: string;
  columns: Column[];
  rows: Row[];
  pageSize?: number;
  /** Row ids to mark (e.g. the trades a compliance finding names). */
  highlightIds?: ReadonlySet<number>;
}

type Sort = { key: string; direction: "asc" | "desc" } | null;

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return String(a).localeCompare(String(b));
}

/** A table the reader sorts by clicking a column's header (again to reverse), paged in the browser. */
export function SortableTable({ label, columns, rows, pageSize = 10, highlightIds }: SortableTableProps) {
  const [sort, setSort] = useState<Sort>(null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const sign = sort.direction === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(a[sort.key], b[sort.key]));
  }, [rows, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const shown = sorted.slice(page * pageSize, (page + 1) * pageSize);
  const toggle = (key: string) => {
    setSort((current) => (current?.key === key && current.direction === "asc" ? { key, direction: "desc" } : { key, direction: "asc" }));
    setPage(0);
  };
  return (
    <div className="insight-table-wrap">
      <table className="insight-table" aria-label={label} data-testid="insight-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                aria-sort={sort?.key === column.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
                className={column.numeric ? "num" : undefined}
              >
                <button type="button" onClick={() => toggle(column.key)}>
                  {column.label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <tr
              key={typeof row.id === "number" ? row.id : index}
              data-row-id={typeof row.id === "number" ? row.id : undefined}
              className={typeof row.id === "number" && highlightIds?.has(row.id) ? "highlighted" : undefined}
            >
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? "num" : undefined}>
                  {column.format ? column.format(row[column.key]) : String(row[column.key] ?? "—")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="insight-pager">
          <button type="button" className="btn btn-sm btn-ghost" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" className="btn btn-sm btn-ghost" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}
