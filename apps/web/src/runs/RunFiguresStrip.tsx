import { countOf, formatSignedWholeMoney, humanize } from "../lib/format";
import { useRunFigures } from "./use-run-figures";

function tone(value: number): string {
  return value > 0 ? "positive" : value < 0 ? "negative" : "";
}

/** A run conversation's headline figures under its title, moving as fills arrive. */
export function RunFiguresStrip({ runId }: { runId: number }) {
  const figures = useRunFigures(runId);
  if (!figures) return null;
  const asOf = new Date(figures.asOf).toLocaleTimeString();
  return (
    <p
      className="run-figures"
      data-testid="run-figures"
      title={`As of ${asOf}${figures.status === "running" ? ", updated as fills arrive" : ""}`}
    >
      <span className={`badge run-status run-${figures.status}`}>
        {figures.status === "running" && <span className="live-dot" aria-hidden="true" />}
        {humanize(figures.status)}
      </span>
      <span data-testid="run-figures-fills">{countOf(figures.fills, "fill")}</span>
      <span>
        Realized <span className={tone(figures.realizedPnl)}>{formatSignedWholeMoney(figures.realizedPnl)}</span>
      </span>
      <span>
        Unrealized <span className={tone(figures.unrealizedPnl)}>{formatSignedWholeMoney(figures.unrealizedPnl)}</span>
      </span>
      <span>{countOf(figures.openPositions, "open position")}</span>
    </p>
  );
}
