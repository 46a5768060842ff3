import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useTRPC } from "../api/trpc";
import type { Model } from "../api/types";
import { formatCompactMoney, humanize } from "../lib/format";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PageHeader } from "../ui/PageHeader";
import { EmptyState } from "../ui/EmptyState";
import { ChatIcon, CubeIcon, PencilIcon, PlusIcon, TrashIcon } from "../ui/icons";
import "../styles/models.css";

export default function ModelsPage() {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({ includeDeleted: true }));
  const [deleting, setDeleting] = useState<Model | null>(null);
  const remove = useMutation(trpc.models.delete.mutationOptions());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const live = models.data?.filter((m) => !m.deletedAt) ?? [];
  const deleted = models.data?.filter((m) => m.deletedAt) ?? [];

  async function confirmDelete() {
    if (!deleting) return;
    await remove.mutateAsync({ modelId: deleting.id }).catch(() => undefined);
    setDeleting(null);
    await Promise.all([
      queryClient.invalidateQueries(trpc.models.list.pathFilter()),
      queryClient.invalidateQueries(trpc.models.get.queryFilter({ modelId: deleting.id })),
      queryClient.invalidateQueries(trpc.sessions.list.pathFilter()),
    ]);
  }

  return (
    <div className="page">
      <PageHeader
        title="Models"
        lead="Trading-bot configurations the assistant can discuss in detail."
        action={
          <Link to="/models/new" className="btn btn-primary">
            <PlusIcon /> New model
          </Link>
        }
      />
      {models.isPending ? (
        <div className="model-grid">
          {[1, 2, 3].map((n) => (
            <div key={n} className="skeleton" style={{ height: 150 }} />
          ))}
        </div>
      ) : live.length === 0 ? (
        <EmptyState
          icon={<CubeIcon />}
          title="No models yet"
          action={
            <Link to="/models/new" className="btn btn-primary">
              Create your first model
            </Link>
          }
        >
          A model describes how a trading bot trades: its style, instrument, permissions and rules.
        </EmptyState>
      ) : (
        <ul className="model-grid" aria-label="Your models">
          {live.map((model) => (
            <ModelCard key={model.id} model={model} onChat={() => navigate(`/m/${model.id}`)} onDelete={() => setDeleting(model)} />
          ))}
        </ul>
      )}
      {deleted.length > 0 && (
        <section className="deleted-models" aria-labelledby="deleted-heading">
          <h2 id="deleted-heading">Deleted models</h2>
          <p className="muted">Their conversations stay readable.</p>
          <ul>
            {deleted.map((model) => (
              <li key={model.id}>
                <Link to={`/m/${model.id}`}>{model.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "model"}?`}
        confirmLabel="Delete model"
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => void confirmDelete()}
      >
        The model stops taking new messages. Its conversations stay readable.
      </ConfirmDialog>
    </div>
  );
}

function ModelCard({ model, onChat, onDelete }: { model: Model; onChat: () => void; onDelete: () => void }) {
  return (
    <li className="model-card" data-testid="model-card">
      <div className="model-card-head">
        <h2>{model.name}</h2>
        <span className={model.tradingMode === "live" ? "badge badge-danger" : "badge"}>{humanize(model.tradingMode)}</span>
      </div>
      <p className="model-card-tags">
        {humanize(model.tradingStyle)} · {humanize(model.instrument)} · {formatCompactMoney(model.buyingPower)} buying power
      </p>
      <p className="muted model-card-symbols">{model.symbols.length ? model.symbols.join(", ") : "Any symbol"}</p>
      <div className="model-card-actions">
        <button type="button" className="btn btn-sm" onClick={onChat}>
          <ChatIcon /> Chat
        </button>
        <Link to={`/models/${model.id}/edit`} className="btn btn-sm btn-ghost" aria-label={`Edit ${model.name}`}>
          <PencilIcon /> Edit
        </Link>
        <button type="button" className="btn btn-sm btn-ghost danger-text" onClick={onDelete} aria-label={`Delete ${model.name}`}>
          <TrashIcon /> Delete
        </button>
      </div>
    </li>
  );
}
