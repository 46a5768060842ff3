import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { RouterOutputs } from "../api/types";
import { formatDate, formatRelative } from "../lib/format";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PageHeader } from "../ui/PageHeader";
import "../styles/models.css";

type ApiKey = RouterOutputs["keys"]["list"][number];
type Scope = ApiKey["scopes"][number];

const SCOPES: { scope: Scope; label: string; hint: string }[] = [
  { scope: "read", label: "Read", hint: "models, runs and conversations" },
  { scope: "runs:write", label: "Write runs", hint: "create runs, push fills and marks, finish runs" },
];

/** API keys for programs (the trading engine, scripts): created here, shown once, revoked here. */
export default function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.keys.list.queryOptions());
  const create = useMutation(trpc.keys.create.mutationOptions());
  const revoke = useMutation(trpc.keys.revoke.mutationOptions());
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read", "runs:write"]);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    try {
      const result = await create.mutateAsync({ name: name.trim(), scopes });
      setCreated({ name: result.key.name, secret: result.secret });
      setCopied(false);
      setName("");
      await queryClient.invalidateQueries(trpc.keys.list.queryFilter());
    } catch (error) {
      setFormError(errorInfo(error).message);
    }
  }

  async function confirmRevoke() {
    if (!revoking) return;
    await revoke.mutateAsync({ keyId: revoking.id }).catch((error: unknown) => setFormError(errorInfo(error).message));
    setRevoking(null);
    await queryClient.invalidateQueries(trpc.keys.list.queryFilter());
  }

  const toggle = (scope: Scope) => setScopes((now) => (now.includes(scope) ? now.filter((s) => s !== scope) : [...now, scope]));

  return (
    <div className="page">
      <PageHeader
        title="API keys"
        lead={
          <>
            For programs that push runs and fills or read them with <code>@parley/client</code>. A key can do what you can, within its
            scopes.
          </>
        }
      />

      <form className="key-form" onSubmit={(event) => void onSubmit(event)} aria-label="Create an API key">
        <div className="field">
          <label className="field-label" htmlFor="key-name">
            Name
          </label>
          <input
            id="key-name"
            className="input"
            value={name}
            maxLength={100}
            placeholder="Trading engine"
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <fieldset className="field">
          <legend className="field-label">Scopes</legend>
          {SCOPES.map(({ scope, label, hint }) => (
            <label key={scope} className="check">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
              <span>
                {label} <span className="muted">({hint})</span>
              </span>
            </label>
          ))}
        </fieldset>
        {formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create key
        </button>
      </form>

      {created && (
        <section className="key-secret" aria-label="New key" data-testid="new-key">
          <p>
            <strong>{created.name}</strong>: copy this key now. It is shown once and never again.
          </p>
          <code data-testid="new-key-secret">{created.secret}</code>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() =>
              void navigator.clipboard.writeText(created.secret).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </section>
      )}

      <table className="key-table" aria-label="Your API keys">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Scopes</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No keys yet.
              </td>
            </tr>
          )}
          {keys.data?.map((key) => (
            <tr key={key.id} className={key.revokedAt ? "is-revoked" : undefined}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scopes.join(", ")}</td>
              <td>{formatDate(key.createdAt)}</td>
              <td>{key.lastUsedAt ? formatRelative(key.lastUsedAt) : "never"}</td>
              <td>
                {key.revokedAt ? (
                  <span className="badge">Revoked {formatDate(key.revokedAt)}</span>
                ) : (
                  <button
                    type="button"
                    className="btn btn-sm btn-danger"
                    onClick={() => setRevoking(key)}
                    aria-label={`Revoke ${key.name}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke"
        busy={revoke.isPending}
        onConfirm={() => void confirmRevoke()}
        onCancel={() => setRevoking(null)}
      >
        Programs using “{revoking?.name}” are refused from their next call, on every server.
      </ConfirmDialog>
    </div>
  );
}
