import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { TradeFocus } from "./trade-focus";
import type { Row } from "./tool-results";

export interface Column {
  key: string;
  label: string;
  format?: (value: unknown) => string;
  /** Draws the cell from its whole row (e.g. a link); else `format`. */
  render?: (row: Row) => ReactNode;
  numeric?: boolean;
}

interface SortableTableProps {
  label: string;
  columns: Column[];
  rows: Row[];
  pageSize?: number;
  /** A row to open the table at: its page is shown, the row scrolled to and marked. */
  focus?: TradeFocus | null;
}

type Sort = { key: string; direction: "asc" | "desc" } | null;

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return String(a).localeCompare(String(b));
}

function sortRows(rows: Row[], sort: Sort): Row[] {
  if (!sort) return rows;
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a[sort.key], b[sort.key]));
}

function cell(column: Column, row: Row): ReactNode {
  if (column.render) return column.render(row);
  return column.format ? column.format(row[column.key]) : String(row[column.key] ?? "—");
}

/** A table the reader sorts by clicking a column's header (again to reverse), paged in the browser. */
export function SortableTable({ label, columns, rows, pageSize = 10, focus }: SortableTableProps) {
  const [sort, setSort] = useState<Sort>(null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  // A new focus (each click is a new object) moves to its row's page in the reader's sort. Done
  // while rendering, as React advises for state that follows a prop, so the right page is the
  // first one drawn.
  const [seenFocus, setSeenFocus] = useState<TradeFocus | null>(null);
  if (focus && focus !== seenFocus) {
    setSeenFocus(focus);
    const index = sorted.findIndex((row) => row.id === focus.id);
    if (index >= 0) setPage(Math.floor(index / pageSize));
  }
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (focus) table.current?.querySelector(`tr[data-row-id="${focus.id}"]`)?.scrollIntoView({ block: "center" });
  }, [focus, page]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const shown = sorted.slice(page * pageSize, (page + 1) * pageSize);
  const toggle = (key: string) => {
    setSort((current) => (current?.key === key && current.direction === "asc" ? { key, direction: "desc" } : { key, direction: "asc" }));
    setPage(0);
  };
  return (
    <div className="insight-table-wrap">
      <table ref={table} className="insight-table" aria-label={label} data-testid="insight-table">
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
              className={focus && row.id === focus.id ? "highlighted" : undefined}
              aria-current={focus && row.id === focus.id ? "true" : undefined}
            >
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? "num" : undefined}>
                  {cell(column, row)}
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
