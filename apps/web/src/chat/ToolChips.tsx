import { ToolIcon } from "../ui/icons";
import { humanize } from "../lib/format";
import type { ToolUse } from "./chat-message";

export function ToolChips({ tools }: { tools: ToolUse[] }) {
  if (tools.length === 0) return null;
  return (
    <ul className="tool-chips" aria-label="Tools used">
      {tools.map((tool, index) => (
        <li key={tool.callId ?? `${tool.name}-${index}`} className={`tool-chip tool-${tool.state}`} data-testid="tool-chip">
          {tool.state === "running" ? <span className="spinner" aria-hidden="true" /> : <ToolIcon />}
          <span>{humanize(tool.name)}</span>
          {tool.state === "failed" && <span className="visually-hidden">(failed)</span>}
        </li>
      ))}
    </ul>
  );
}
