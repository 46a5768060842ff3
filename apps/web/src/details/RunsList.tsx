import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../api/trpc";
import { FillFileDrop } from "../fill-import/FillFileDrop";
import { countOf, formatDate, formatSignedMoney, humanize } from "../lib/format";

/** A model's runs with their headline figures; each opens the run's conversation. */
export function RunsList({ modelId, currentRunId }: { modelId: number; currentRunId: number | null }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ modelId }));
  return (
    <section className="details-section" aria-label="Runs">
      <div className="details-section-head">
        <h3>Runs</h3>
        {runs.data && <span className="muted">{runs.data.length}</span>}
      </div>
      {!runs.data ? (
        <div className="skeleton" style={{ height: 96 }} />
      ) : runs.data.length === 0 ? (
        <p className="muted">No runs yet. Runs appear here when this model trades, or when you import a file of fills.</p>
      ) : (
        <ul className="run-cards">
          {runs.data.map((run) => (
            <li key={run.id}>
              <Link
                to={`/m/${modelId}/runs/${run.id}/chat`}
                className={run.id === currentRunId ? "run-card is-current" : "run-card"}
                aria-current={run.id === currentRunId ? "page" : undefined}
              >
                <span className="run-card-top">
                  <strong>Run #{run.id}</strong>
                  <span className={`badge run-status run-${run.status}`}>{humanize(run.status)}</span>
                </span>
                <span className="run-card-figures">
                  <span className={run.headline.netRealizedPnl >= 0 ? "positive" : "negative"}>
                    {formatSignedMoney(run.headline.netRealizedPnl)}
                  </span>
                  <span className="muted">
                    {countOf(run.headline.fills, "fill")} · {countOf(run.headline.symbols, "symbol")} · {formatDate(run.startedAt)}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <FillFileDrop target={{ kind: "new", modelId }} label="New run from file" />
    </section>
  );
}
