import { moneyCell, plainCell, timeCell } from "./cells";
import type { Column } from "./SortableTable";

/** A trade's row, in a reply's list_trades table and in the run details panel alike. */
export const TRADE_COLUMNS: Column[] = [
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
