import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import { formatRelative } from "../lib/format";

/** Every configuration version of a model, newest first, with what changed from the one before. */
export function ModelHistory({ modelId }: { modelId: number }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.models.versions.queryOptions({ modelId }));
  if (!versions.data) return <div className="skeleton" style={{ height: 80 }} />;
  return (
    <section className="details-section" aria-label="Configuration history" data-testid="model-history">
      <div className="details-section-head">
        <h3>History</h3>
      </div>
      <ol className="version-list">
        {versions.data.map((version) => (
          <li key={version.version} className="version-item" data-testid="model-version">
            <div className="version-head">
              <strong>v{version.version}</strong>
              <span className="version-meta">
                {version.createdBy?.displayName ?? "System"} · <time dateTime={version.createdAt}>{formatRelative(version.createdAt)}</time>
              </span>
            </div>
            {version.changes.length === 0 ? (
              <p className="version-summary">{version.summary}</p>
            ) : (
              <ul className="version-changes">
                {version.changes.map((change) => (
                  <li key={change.field}>
                    <span className="version-field">{change.label}</span> <del>{change.from}</del> → <ins>{change.to}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
