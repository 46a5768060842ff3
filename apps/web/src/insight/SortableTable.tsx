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

export type Sort = { key: string; direction: "asc" | "desc" } | null;

/** Clicking a column's header sorts by it, ascending; clicking it again reverses. */
export const nextSort = (current: Sort, key: string): Sort =>
  current?.key === key && current.direction === "asc" ? { key, direction: "desc" } : { key, direction: "asc" };

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

interface SortableTableProps {
  label: string;
  columns: Column[];
  rows: Row[];
  pageSize?: number;
  /** A row to open the table at: its page is shown, the row scrolled to and marked. */
  focus?: TradeFocus | null;
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
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  return (
    <div className="insight-table-wrap">
      <DataTable
        label={label}
        columns={columns}
        rows={sorted.slice(page * pageSize, (page + 1) * pageSize)}
        sort={sort}
        onSort={(key) => {
          setSort(nextSort(sort, key));
          setPage(0);
        }}
        focus={focus ?? null}
        scrollKey={page}
      />
      <Pager page={page} pages={pages} onPage={setPage} />
    </div>
  );
}

interface DataTableProps {
  label: string;
  columns: Column[];
  /** The rows on screen, already sorted and paged. */
  rows: Row[];
  sort: Sort;
  onSort: (key: string) => void;
  /** The columns a header click can sort by; all when omitted. */
  sortable?: ReadonlySet<string>;
  /** The row marked and scrolled to when it is on screen. */
  focus: TradeFocus | null;
  /** Scrolls to the focused row again when it changes (the page shown). */
  scrollKey?: unknown;
}

/** The table itself, wherever its rows are sorted and paged (here, or on the server). */
export function DataTable({ label, columns, rows, sort, onSort, sortable, focus, scrollKey }: DataTableProps) {
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (focus) table.current?.querySelector(`tr[data-row-id="${focus.id}"]`)?.scrollIntoView({ block: "center" });
  }, [focus, scrollKey]);
  return (
    <table ref={table} className="insight-table" aria-label={label} data-testid="insight-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th
              key={column.key}
              aria-sort={sort?.key === column.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
              className={column.numeric ? "num" : undefined}
            >
              {!sortable || sortable.has(column.key) ? (
                <button type="button" onClick={() => onSort(column.key)}>
                  {column.label}
                </button>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
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
  );
}

function cell(column: Column, row: Row): ReactNode {
  if (column.render) return column.render(row);
  return column.format ? column.format(row[column.key]) : String(row[column.key] ?? "—");
}

/** Previous, "Page n of m", Next; nothing for a single page. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <div className="insight-pager">
      <button type="button" className="btn btn-sm btn-ghost" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {(page + 1).toLocaleString("en-US")} of {pages.toLocaleString("en-US")}
      </span>
      <button type="button" className="btn btn-sm btn-ghost" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </div>
  );
}
