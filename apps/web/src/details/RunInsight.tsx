import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import { timeCell } from "../insight/cells";
import type { TradeFocus } from "../insight/trade-focus";
import { ToolResultView } from "../insight/ToolResultView";
import { RunTradesTable } from "./RunTradesTable";

/**
 * The run's figures drawn as a reply draws its tools' results (the same components, the chart
 * in its lazy chunk): metrics, the equity curve over its drawdown, trades (paged on the server),
 * positions and per symbol. Both are read again when the run's live figures move (RunSummary).
 */
export function RunInsight({ runId, focus }: { runId: number; focus: TradeFocus | null }) {
  const trpc = useTRPC();
  const insight = useQuery(trpc.runs.insight.queryOptions({ runId }));
  if (!insight.data) return <div className="skeleton" style={{ height: 320 }} />;
  const data = insight.data;
  return (
    <>
      <Part label="Metrics" tool="get_run_overview" result={data.overview} />
      {data.equityCurve && <Part label="Equity" tool="get_equity_curve" result={data.equityCurve} />}
      <section className="details-section run-insight" aria-label="Trades" data-testid="run-insight-trades">
        <RunTradesTable runId={runId} focus={focus} />
      </section>
      <Part label="Positions" tool="get_positions" result={data.positions} />
      <Part label="Per symbol" tool="get_symbol_breakdown" result={data.symbols} />
      <p className="tool-result-asof" data-testid="run-insight-asof">
        As of {timeCell(data.dataAsOf.time)}
      </p>
    </>
  );
}

function Part({ label, tool, result }: { label: string; tool: string; result: unknown }) {
  return (
    <section className="details-section run-insight" aria-label={label} data-tool={tool}>
      <div className="details-section-head">
        <h3>{label}</h3>
      </div>
      <ToolResultView name={tool} result={result} />
    </section>
  );
}
