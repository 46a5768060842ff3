import { formatMoney } from "../lib/format";

// How a table cell or a card shows a tool's rounded figure; "—" where the tool has none.
export const moneyCell = (value: unknown) => (typeof value === "number" ? formatMoney(value) : "—");
export const percentCell = (value: unknown) => (typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—");
export const ratioCell = (value: unknown) => (typeof value === "number" ? value.toFixed(2) : "—");
export const plainCell = (value: unknown) => (value === null || value === undefined ? "—" : String(value));
export const timeCell = (value: unknown) =>
  typeof value === "string" ? value.replace("T", " ").replace(/(:\d\d)(\.\d+)?Z$/, "$1 UTC") : "—";
