import { moneyCell, percentCell, ratioCell } from "./cells";
import { isRecord } from "./tool-results";

const METRICS: { key: string; label: string; show: (value: unknown) => string }[] = [
  { key: "totalPnl", label: "Net P&L", show: moneyCell },
  { key: "realizedPnl", label: "Realized P&L", show: moneyCell },
  { key: "totalFees", label: "Fees", show: moneyCell },
  { key: "winRate", label: "Win rate", show: percentCell },
  { key: "profitFactor", label: "Profit factor", show: ratioCell },
  { key: "maxDrawdown", label: "Max drawdown", show: moneyCell },
  { key: "sharpeRatio", label: "Sharpe", show: ratioCell },
];

/** get_run_overview's headline figures, as the tool computed them. */
export function MetricsCard({ result }: { result: unknown }) {
  if (!isRecord(result)) return null;
  return (
    <dl className="metrics-card" data-testid="metrics-card">
      {METRICS.map((metric) => (
        <div key={metric.key} className="metric" data-metric={metric.key}>
          <dt>{metric.label}</dt>
          <dd>{metric.show(result[metric.key])}</dd>
        </div>
      ))}
    </dl>
  );
}
