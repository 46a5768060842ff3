import { AreaSeries, createChart, HistogramSeries, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import type { CurvePoint } from "./tool-results";

/**
 * The equity curve with its drawdown in a pane underneath (lightweight-charts 5: series are added
 * with `addSeries(definition, options, paneIndex)`). Loaded lazily: the library stays out of the
 * initial bundle.
 */
export default function EquityChartCanvas({ points }: { points: CurvePoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const style = getComputedStyle(element);
    const chart = createChart(element, {
      autoSize: true,
      layout: { background: { color: "transparent" }, textColor: style.color, attributionLogo: false },
      grid: { vertLines: { visible: false }, horzLines: { color: style.borderColor } },
      timeScale: { borderVisible: false },
      rightPriceScale: { borderVisible: false },
    });
    const equity = chart.addSeries(AreaSeries, {
      lineColor: "#5753d6",
      topColor: "rgba(87,83,214,0.25)",
      bottomColor: "rgba(87,83,214,0)",
      lineWidth: 2,
    });
    const drawdown = chart.addSeries(HistogramSeries, { color: "#c93535", priceFormat: { type: "price", precision: 2, minMove: 0.01 } }, 1);
    equity.setData(points.map((point) => ({ time: point.time as UTCTimestamp, value: point.equity })));
    drawdown.setData(points.map((point) => ({ time: point.time as UTCTimestamp, value: point.drawdown })));
    chart.panes()[1]?.setHeight(70);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [points]);
  return <div ref={container} className="equity-chart-canvas" data-testid="equity-chart-canvas" />;
}
