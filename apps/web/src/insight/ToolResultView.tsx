import { moneyCell, percentCell, plainCell, timeCell } from "./cells";
import { EquityChart } from "./EquityChart";
import { MetricsCard } from "./MetricsCard";
import { SortableTable, type Column } from "./SortableTable";
import { rowsOf } from "./tool-results";

const TRADE_COLUMNS: Column[] = [
  { key: "id", label: "Trade", format: (value) => `#${plainCell(value)}`, numeric: true },
  { key: "executedAt", label: "Time", format: timeCell },
  { key: "symbol", label: "Symbol" },
  { key: "side", label: "Side" },
  { key: "quantity", label: "Qty", numeric: true },
  { key: "price", label: "Price", format: moneyCell, numeric: true },
  { key: "orderType", label: "Order" },
  { key: "realizedPnl", label: "Realized", format: moneyCell, numeric: true },
  { key: "fees", label: "Fees", format: moneyCell, numeric: true },
];

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

const VIOLATION_COLUMNS: Column[] = [
  { key: "tradeId", label: "Trade", format: (value) => `#${plainCell(value)}`, numeric: true },
  { key: "executedAt", label: "Time", format: timeCell },
  { key: "symbol", label: "Symbol" },
  { key: "rule", label: "Rule" },
  { key: "detail", label: "Detail" },
  { key: "quotedRule", label: "Rule in force" },
];

/** What a tool's result looks like in the reply: a card, a chart or a table; nothing for the rest. */
export function ToolResultView({ name, result }: { name: string; result: unknown }) {
  switch (name) {
    case "get_run_overview":
      return <MetricsCard result={result} />;
    case "get_equity_curve":
      return <EquityChart result={result} />;
    case "list_trades":
      return <ResultTable label="Trades" rows={rowsOf(result, "trades")} columns={TRADE_COLUMNS} />;
    case "get_positions":
      return <ResultTable label="Positions" rows={rowsOf(result, "positions")} columns={POSITION_COLUMNS} />;
    case "get_symbol_breakdown":
      return <ResultTable label="Per symbol" rows={rowsOf(result, "symbols")} columns={SYMBOL_COLUMNS} />;
    case "check_compliance":
      return <ResultTable label="Violations" rows={rowsOf(result, "violations")} columns={VIOLATION_COLUMNS} />;
    default:
      return null;
  }
}

function ResultTable({ label, rows, columns }: { label: string; rows: ReturnType<typeof rowsOf>; columns: Column[] }) {
  if (!rows) return null;
  if (!rows.length) return <p className="insight-empty">No {label.toLowerCase()}.</p>;
  return <SortableTable label={label} rows={rows} columns={columns} />;
}
