import { moneyCell, percentCell, plainCell, timeCell } from "./cells";
import { EquityChart } from "./EquityChart";
import { MetricsCard } from "./MetricsCard";
import { SortableTable, type Column } from "./SortableTable";
import { useShowTrade, type TradeFocus } from "./trade-focus";
import { rowsOf, type Row } from "./tool-results";
import { TRADE_COLUMNS } from "./trade-columns";

const POSITION_COLUMNS: Column[] = [
  { key: "symbol", label: "Symbol" },
  { key: "quantity", label: "Qty", numeric: true },
  { key: "averagePrice", label: "Avg price", format: moneyCell, numeric: true },
  { key: "markPrice", label: "Mark", format: moneyCell, numeric: true },
  { key: "marketValue", label: "Value", format: moneyCell, numeric: true },
  { key: "unrealizedPnl", label: "Unrealized", format: moneyCell, numeric: true },
];

const SYMBOL_COLUMNS: Column[] = [
  { key: "symbol", label: "Symbol" },
  { key: "fillCount", label: "Fills", numeric: true },
  { key: "winRate", label: "Win rate", format: percentCell, numeric: true },
  { key: "realizedPnl", label: "Realized", format: moneyCell, numeric: true },
  { key: "fees", label: "Fees", format: moneyCell, numeric: true },
  { key: "netPnl", label: "Net", format: moneyCell, numeric: true },
  { key: "unrealizedPnl", label: "Unrealized", format: moneyCell, numeric: true },
];

const violationColumns = (showTrade: ((tradeId: number) => void) | null): Column[] => [
  { key: "tradeId", label: "Trade", render: (row) => <TradeReference row={row} showTrade={showTrade} />, numeric: true },
  { key: "executedAt", label: "Time", format: timeCell },
  { key: "symbol", label: "Symbol" },
  { key: "rule", label: "Rule" },
  { key: "detail", label: "Detail" },
  { key: "version", label: "Version", numeric: true },
  { key: "quotedRule", label: "Rule in force" },
];

interface ToolResultViewProps {
  name: string;
  result: unknown;
  /** For list_trades: the trade to open the table at. */
  focus?: TradeFocus | null;
}

/** What a tool's result looks like in the reply: a card, a chart or a table; nothing for the rest. */
export function ToolResultView({ name, result, focus }: ToolResultViewProps) {
  const showTrade = useShowTrade();
  switch (name) {
    case "get_run_overview":
      return <MetricsCard result={result} />;
    case "get_equity_curve":
      return <EquityChart result={result} />;
    case "list_trades":
      return <ResultTable label="Trades" rows={rowsOf(result, "trades")} columns={TRADE_COLUMNS} focus={focus} />;
    case "get_positions":
      return <ResultTable label="Positions" rows={rowsOf(result, "positions")} columns={POSITION_COLUMNS} />;
    case "get_symbol_breakdown":
      return <ResultTable label="Per symbol" rows={rowsOf(result, "symbols")} columns={SYMBOL_COLUMNS} />;
    case "check_compliance":
      return <ResultTable label="Violations" rows={rowsOf(result, "violations")} columns={violationColumns(showTrade)} />;
    default:
      return null;
  }
}

interface ResultTableProps {
  label: string;
  rows: ReturnType<typeof rowsOf>;
  columns: Column[];
  focus?: TradeFocus | null;
}

function ResultTable({ label, rows, columns, focus }: ResultTableProps) {
  if (!rows) return null;
  if (!rows.length) return <p className="insight-empty">No {label.toLowerCase()}.</p>;
  // A shared copy of a result has no row ids (see the API's shares/shareable-tools.ts): no empty column for them.
  const present = columns.filter((column) => rows.some((row) => column.key in row));
  return <SortableTable label={label} rows={rows} columns={present} focus={focus} />;
}

/** A violation's trade: in a run conversation, a button that opens the run's trades table at it. */
function TradeReference({ row, showTrade }: { row: Row; showTrade: ((tradeId: number) => void) | null }) {
  const tradeId = row.tradeId;
  if (typeof tradeId !== "number" || !showTrade) return <>#{plainCell(tradeId)}</>;
  return (
    <button
      type="button"
      className="trade-link"
      onClick={() => showTrade(tradeId)}
      aria-label={`Show trade #${tradeId} in the trades table`}
    >
      #{tradeId}
    </button>
  );
}
