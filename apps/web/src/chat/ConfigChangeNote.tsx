import type { ModelVersion } from "../api/types";
import { formatRelative } from "../lib/format";

/** "Configuration changed: v3 → v4 — short selling allowed → not allowed", where it happened. */
export function ConfigChangeNote({ version }: { version: ModelVersion }) {
  return (
    <li className="config-change" data-testid="config-change" data-version={version.version}>
      <span className="config-change-text">
        Configuration changed: v{version.version - 1} → v{version.version} — {version.summary}
      </span>
      <time className="config-change-meta" dateTime={version.createdAt}>
        {version.createdBy ? `${version.createdBy.displayName}, ` : ""}
        {formatRelative(version.createdAt)}
      </time>
    </li>
  );
}
