import { lazy, Suspense, useMemo } from "react";
import { formatMoney } from "../lib/format";
import { equityCurve } from "./tool-results";

const EquityChartCanvas = lazy(() => import("./EquityChartCanvas"));

/** get_equity_curve's points: a chart, with the figures it ends on in text for screen readers and tests. */
export function EquityChart({ result }: { result: unknown }) {
  const points = useMemo(() => equityCurve(result), [result]);
  if (!points?.length) return null;
  const last = points.at(-1);
  const deepest = Math.min(...points.map((point) => point.drawdown));
  return (
    <figure className="equity-chart" data-testid="equity-chart" data-points={points.length}>
      <Suspense fallback={<div className="equity-chart-canvas" aria-hidden="true" />}>
        <EquityChartCanvas points={points} />
      </Suspense>
      <figcaption>
        Equity {last ? formatMoney(last.equity) : "—"} · max drawdown {formatMoney(Math.abs(deepest))} · {points.length} points
      </figcaption>
    </figure>
  );
}
