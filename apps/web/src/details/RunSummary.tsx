import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "../api/trpc";
import { FillFileDrop } from "../fill-import/FillFileDrop";
import { formatDate, formatMoney, formatSignedMoney, humanize } from "../lib/format";
import { useRunFigures } from "../runs/use-run-figures";

export function RunSummary({ modelId, runId }: { modelId: number; runId: number }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ modelId, runId }));
  const queryClient = useQueryClient();
  // Pushed within a second of every batch of fills: the stored headline is read again when
  // they change, and the figures only the push carries (unrealized, open positions) show live.
  const live = useRunFigures(runId);
  const changed = live ? `${live.fills}:${live.status}:${live.lastFillAt ?? ""}` : null;
  useEffect(() => {
    if (changed === null) return;
    void queryClient.invalidateQueries(trpc.runs.get.queryFilter({ modelId, runId }));
    void queryClient.invalidateQueries(trpc.runs.list.queryFilter({ modelId }));
  }, [changed, modelId, runId, queryClient, trpc]);
  // The panel's charts and tables (RunInsight) move with marks too, not only with fills. The first
  // push is the state the panel has just read: only a later change reads it again.
  const valued = live ? `${changed}:${live.unrealizedPnl}:${live.openPositions}` : null;
  const lastValued = useRef<string | null>(null);
  useEffect(() => {
    if (valued === null) return;
    if (lastValued.current !== null && lastValued.current !== valued) {
      void queryClient.invalidateQueries(trpc.runs.insight.queryFilter({ runId }));
      void queryClient.invalidateQueries(trpc.runs.trades.queryFilter({ runId }));
    }
    lastValued.current = valued;
  }, [valued, runId, queryClient, trpc]);
  if (!run.data) return <div className="skeleton" style={{ height: 140 }} />;
  const { headline } = run.data;
  const status = live?.status ?? run.data.status;
  return (
    <section className="details-section" aria-label="Run">
      <div className="details-section-head">
        <h3>Run #{run.data.id}</h3>
        <span className={`badge run-status run-${status}`}>{humanize(status)}</span>
      </div>
      <p className="details-dates">
        {formatDate(run.data.startedAt)} – {run.data.endedAt ? formatDate(run.data.endedAt) : "now"}
      </p>
      <div className="stat-grid">
        <Stat label="Net P&L" value={formatSignedMoney(headline.netRealizedPnl)} tone={headline.netRealizedPnl} />
        <Stat label="Realized" value={formatSignedMoney(headline.realizedPnl)} tone={headline.realizedPnl} />
        <Stat label="Fees" value={formatMoney(headline.fees)} />
        <Stat label="Starting capital" value={formatMoney(run.data.startingCapital)} />
        <Stat label="Fills" value={String(headline.fills)} />
        <Stat label="Symbols" value={String(headline.symbols)} />
        {live && <Stat label="Unrealized" value={formatSignedMoney(live.unrealizedPnl)} tone={live.unrealizedPnl} />}
        {live && <Stat label="Open positions" value={String(live.openPositions)} />}
      </div>
      {status === "running" && (
        <FillFileDrop target={{ kind: "run", modelId, runId, startedAt: run.data.startedAt }} label="Add fills from file" />
      )}
    </section>
  );
}

export function Stat({ label, value, tone }: { label: string; value: string; tone?: number }) {
  const className = tone === undefined || tone === 0 ? "stat-value" : tone > 0 ? "stat-value positive" : "stat-value negative";
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className={className}>{value}</span>
    </div>
  );
}
