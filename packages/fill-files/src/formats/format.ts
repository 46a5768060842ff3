import type { FillInput } from "@parley/api/run-schemas";

/** A fill as a format reads it: the producer id may be missing (it is then derived). */
export type DraftFill = Omit<FillInput, "fillId"> & { fillId: string | undefined };

/** One CSV record read by a format: a draft to validate, reasons it is wrong, or not a fill at all. */
export type FormatReading = { draft: DraftFill } | { reasons: string[] } | { skip: string };

export interface ReadOptions {
  /** For formats without an order type column (Alpaca activities). */
  defaultOrderType: FillInput["orderType"];
  /** IANA zone of times written without one (IBKR Flex: the account's zone, by default New York). */
  timeZone: string;
}

export interface FillFormat {
  name: "generic" | "alpaca" | "ibkr";
  /** Header names (any case) that must be present, each as a list of accepted spellings. */
  requiredColumns: ReadonlyArray<readonly string[]>;
  read(record: Record<string, string>, options: ReadOptions): FormatReading;
}

/** Options (OCC symbols such as AAPL240119C00190000) and crypto pairs (BTC/USD) by their look. */
export function assetTypeOfSymbol(symbol: string): FillInput["assetType"] {
  if (/^[A-Z]{1,6}\d{6}[CP]\d{8}$/.test(symbol)) return "option";
  if (symbol.includes("/")) return "crypto";
  return "stock";
}
