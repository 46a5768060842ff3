import { useQuery } from "@tanstack/react-query";
import { Link, NavLink } from "react-router";
import { useTRPC } from "../api/trpc";
import type { ConversationContext, Model } from "../api/types";
import { formatSignedWholeMoney } from "../lib/format";
import { ArrowDownIcon, ChartIcon, ChatIcon, CubeIcon, PlusIcon, KeyIcon, SettingsIcon } from "../ui/icons";

interface ContextNavProps {
  /** null on pages that are no conversation: nothing is marked current. */
  context: ConversationContext | null;
  onNavigate: () => void;
}

/** General, then each model; the current model opens to show its runs. */
export function ContextNav({ context, onNavigate }: ContextNavProps) {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions());
  const currentModelId = !context || context.kind === "general" ? null : context.modelId;
  const general = context?.kind === "general";
  return (
    <nav className="context-nav" aria-label="Conversation contexts">
      <NavLink
        to="/"
        className={general ? "nav-item is-current" : "nav-item"}
        aria-current={general ? "page" : undefined}
        onClick={onNavigate}
      >
        <ChatIcon />
        <span>General</span>
      </NavLink>
      <div className="nav-heading">
        <span id="models-heading">Models</span>
        <Link to="/models/new" className="icon-btn icon-btn-sm" aria-label="Create a model" title="Create a model" onClick={onNavigate}>
          <PlusIcon />
        </Link>
      </div>
      <ul className="nav-models" aria-labelledby="models-heading">
        {models.isPending && <li className="skeleton" style={{ height: 30 }} />}
        {models.data?.length === 0 && <li className="sidebar-note">No models yet.</li>}
        {models.data?.map((model) => (
          <ModelNavItem key={model.id} model={model} context={context} expanded={model.id === currentModelId} onNavigate={onNavigate} />
        ))}
      </ul>
      <NavLink to="/models" end className="nav-item nav-item-quiet" onClick={onNavigate}>
        <SettingsIcon />
        <span>Manage models</span>
      </NavLink>
      <NavLink to="/keys" end className="nav-item nav-item-quiet" onClick={onNavigate}>
        <KeyIcon />
        <span>API keys</span>
      </NavLink>
      <NavLink to="/transfer" end className="nav-item nav-item-quiet" onClick={onNavigate}>
        <ArrowDownIcon />
        <span>Export and import</span>
      </NavLink>
    </nav>
  );
}

function ModelNavItem({
  model,
  context,
  expanded,
  onNavigate,
}: {
  model: Model;
  context: ConversationContext | null;
  expanded: boolean;
  onNavigate: () => void;
}) {
  const here = expanded && context?.kind === "model";
  return (
    <li>
      <NavLink
        to={`/m/${model.id}`}
        className={here ? "nav-item is-current" : "nav-item"}
        aria-current={here ? "page" : undefined}
        onClick={onNavigate}
        data-testid="model-nav-item"
      >
        <CubeIcon />
        <span className="nav-label">{model.name}</span>
      </NavLink>
      {expanded && <RunNavList modelId={model.id} currentRunId={context?.kind === "run" ? context.runId : null} onNavigate={onNavigate} />}
    </li>
  );
}

function RunNavList({ modelId, currentRunId, onNavigate }: { modelId: number; currentRunId: number | null; onNavigate: () => void }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ modelId }));
  if (!runs.data?.length) return null;
  return (
    <ul className="nav-runs" aria-label="Runs">
      {runs.data.map((run) => (
        <li key={run.id}>
          <NavLink
            to={`/m/${modelId}/runs/${run.id}/chat`}
            className={run.id === currentRunId ? "nav-item nav-run is-current" : "nav-item nav-run"}
            aria-current={run.id === currentRunId ? "page" : undefined}
            onClick={onNavigate}
          >
            <ChartIcon />
            <span className="nav-label">Run #{run.id}</span>
            <span className={run.headline.netRealizedPnl >= 0 ? "nav-figure positive" : "nav-figure negative"}>
              {formatSignedWholeMoney(run.headline.netRealizedPnl)}
            </span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
