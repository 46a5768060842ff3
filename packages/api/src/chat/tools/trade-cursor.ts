import { z } from "zod";
import { ToolInputError } from "./tool.js";

export type TradeSort = "time" | "realized_pnl";
export type SortDirection = "asc" | "desc";

/** Where a page ended: the sort key of its last trade (exactly, as text) and that trade's id. */
export interface TradeCursor {
  sort: TradeSort;
  direction: SortDirection;
  key: string;
  id: number;
}

const cursorShape = z.strictObject({
  sort: z.enum(["time", "realized_pnl"]),
  direction: z.enum(["asc", "desc"]),
  key: z.string(),
  id: z.int(),
});

/** Opaque to the model; it holds sort values only, never which run (the toolbox fixes that). */
export function encodeCursor(cursor: TradeCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(text: string, expected: Pick<TradeCursor, "sort" | "direction">): TradeCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const cursor = cursorShape.safeParse(parsed);
  if (!cursor.success || !validKey(cursor.data)) {
    throw new ToolInputError("Invalid cursor: pass back the nextCursor of a previous list_trades result, or omit it");
  }
  if (cursor.data.sort !== expected.sort || cursor.data.direction !== expected.direction) {
    throw new ToolInputError(
      `This cursor continues a listing sorted by ${cursor.data.sort} ${cursor.data.direction}: ` +
        "repeat that sort and direction, or omit the cursor to start over",
    );
  }
  return cursor.data;
}

function validKey(cursor: TradeCursor): boolean {
  return cursor.sort === "time" ? !Number.isNaN(Date.parse(cursor.key)) : /^-?\d{1,20}(\.\d{1,12})?$/.test(cursor.key);
}
