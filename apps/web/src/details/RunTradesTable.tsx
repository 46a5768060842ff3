import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { isNotFound } from "../api/errors";
import { useTRPC } from "../api/trpc";
import { DataTable, nextSort, Pager, type Sort } from "../insight/SortableTable";
import type { TradeFocus } from "../insight/trade-focus";
import type { Row } from "../insight/tool-results";
import { TRADE_COLUMNS } from "../insight/trade-columns";

const PAGE_SIZE = 10;

// The orders the server can sort a run's trades in (runs.trades), by the column that shows them.
const SERVER_SORTS = { executedAt: "time", realizedPnl: "realized_pnl" } as const;
const SORTABLE = new Set(Object.keys(SERVER_SORTS));
type SortableKey = keyof typeof SERVER_SORTS;

/** Which page to read: by number (with the cursor that reaches it cheaply, after Next), or the one holding a trade. */
type PageRequest = { page: number; cursor?: string } | { at: number };

/**
 * The run's trades in the details panel: every one of them, sorted and paged on the server
 * (runs.trades), so a run of a million fills pages and sorts like one of ten, and a finding
 * clicked in a reply opens the page holding its trade however deep it is.
 */
export function RunTradesTable({ runId, focus }: { runId: number; focus: TradeFocus | null }) {
  const trpc = useTRPC();
  const [sort, setSort] = useState<{ key: SortableKey; direction: "asc" | "desc" }>({ key: "executedAt", direction: "asc" });
  const [request, setRequest] = useState<PageRequest>({ page: 0 });
  const [missing, setMissing] = useState<number | null>(null);
  // Each click on a finding is a new focus object: it asks for the page holding that trade, in
  // the reader's current sort. Set while rendering, so that page is the first one asked for.
  const [seenFocus, setSeenFocus] = useState<TradeFocus | null>(null);
  if (focus && focus !== seenFocus) {
    setSeenFocus(focus);
    setRequest({ at: focus.id });
    setMissing(null);
  }
  const order = { sort: SERVER_SORTS[sort.key], direction: sort.direction };
  const where = "at" in request ? { at: request.at } : request.cursor ? { cursor: request.cursor } : { page: request.page };
  const trades = useQuery({
    ...trpc.runs.trades.queryOptions({ runId, ...order, limit: PAGE_SIZE, ...where }),
    placeholderData: keepPreviousData,
  });

  // The trade is not in this run as of now (a finding from a reply read before a restore, say):
  // say so and show the first page.
  const missingTrade = "at" in request && isNotFound(trades.error) ? request.at : null;
  useEffect(() => {
    if (missingTrade === null) return;
    setMissing(missingTrade);
    setRequest({ page: 0 });
  }, [missingTrade]);

  const data = trades.data;
  if (!data) {
    if (trades.error && !isNotFound(trades.error))
      return <p className="insight-empty">Could not load the trades. {trades.error.message}</p>;
    return <div className="skeleton" style={{ height: 240 }} />;
  }
  const page = "at" in request ? (data.page ?? 0) : request.page;
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const goTo = (target: number) =>
    setRequest(target === page + 1 && data.nextCursor ? { page: target, cursor: data.nextCursor } : { page: target });
  const changeSort = (key: string) => {
    const next = nextSort({ key: sort.key, direction: sort.direction }, key) as NonNullable<Sort>;
    setSort({ key: next.key as SortableKey, direction: next.direction });
    setRequest({ page: 0 });
  };
  return (
    <>
      <div className="details-section-head">
        <h3>Trades</h3>
        <span className="muted" data-testid="run-trades-total">
          {data.total.toLocaleString("en-US")}
        </span>
      </div>
      {missing !== null && <p className="insight-empty">Trade #{missing} is not among this run&rsquo;s trades.</p>}
      {data.total === 0 ? (
        <p className="insight-empty">No trades.</p>
      ) : (
        <div className="insight-table-wrap" aria-busy={trades.isPlaceholderData}>
          <DataTable
            label="Trades"
            columns={TRADE_COLUMNS}
            rows={data.trades as Row[]}
            sort={sort}
            onSort={changeSort}
            sortable={SORTABLE}
            focus={focus}
            scrollKey={data}
          />
          <Pager page={page} pages={pages} onPage={goTo} />
        </div>
      )}
    </>
  );
}
