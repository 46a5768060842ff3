// Tool results arrive as JSON the server wrote (packages/api/src/chat/tools): these read the parts
// the charts and tables draw, and give up (null) on anything else rather than trust its shape.

export type Row = Record<string, unknown>;

export const isRecord = (value: unknown): value is Row => typeof value === "object" && value !== null && !Array.isArray(value);

export function numberField(row: Row, key: string): number | null {
  const value = row[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function rowsOf(result: unknown, key: string): Row[] | null {
  if (!isRecord(result)) return null;
  const rows = result[key];
  return Array.isArray(rows) ? rows.filter(isRecord) : null;
}

export interface CurvePoint {
  /** Seconds since the epoch (UTC), as the chart library takes time. */
  time: number;
  equity: number;
  /** Equity below its running peak (≤ 0). */
  drawdown: number;
}

/** get_equity_curve's `columns` + `points` rows as a series, with the drawdown under each point. */
export function equityCurve(result: unknown): CurvePoint[] | null {
  if (!isRecord(result) || !Array.isArray(result.columns) || !Array.isArray(result.points)) return null;
  const atColumn = result.columns.indexOf("at");
  const equityColumn = result.columns.indexOf("equity");
  if (atColumn < 0 || equityColumn < 0) return null;
  let peak = -Infinity;
  const points: CurvePoint[] = [];
  for (const point of result.points) {
    if (!Array.isArray(point)) continue;
    const at: unknown = point[atColumn];
    const equity: unknown = point[equityColumn];
    if (typeof at !== "string" || typeof equity !== "number") continue;
    const time = Math.floor(Date.parse(at) / 1000);
    // The chart needs strictly increasing times: a range's end can share its last boundary's second.
    if (points.length && time <= (points.at(-1)?.time ?? 0)) points.pop();
    peak = Math.max(peak, equity);
    points.push({ time, equity, drawdown: equity - peak });
  }
  return points;
}

/** The "as of" a result describes: its dataAsOf time when it has one, else when the tool ran. */
export function asOfTime(result: unknown, ranAt: string | null | undefined): string | null {
  if (isRecord(result) && isRecord(result.dataAsOf) && typeof result.dataAsOf.time === "string") return result.dataAsOf.time;
  return ranAt ?? null;
}
