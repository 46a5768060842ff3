import { useState } from "react";
import type { ToolUse } from "../chat/chat-message";
import { humanize } from "../lib/format";
import { ToolIcon } from "../ui/icons";
import { timeCell } from "./cells";
import { asOfTime } from "./tool-results";
import { ToolResultView } from "./ToolResultView";

const DRAWN = new Set(["get_run_overview", "get_equity_curve", "list_trades", "get_positions", "get_symbol_breakdown", "check_compliance"]);

/**
 * The tools a reply used, as chips, and what each returned drawn underneath: the figures the
 * answer was written from, stored with the reply, so they look the same after a reload or in an
 * export. A chip opens or closes its result.
 */
export function ToolCalls({ tools }: { tools: ToolUse[] }) {
  const [closed, setClosed] = useState<ReadonlySet<number>>(new Set());
  if (tools.length === 0) return null;
  const drawn = (tool: ToolUse) => tool.state !== "running" && tool.state !== "failed" && DRAWN.has(tool.name) && tool.result != null;
  const toggle = (index: number) =>
    setClosed((current) => {
      const next = new Set(current);
      if (!next.delete(index)) next.add(index);
      return next;
    });
  return (
    <div className="tool-calls">
      <ul className="tool-chips" aria-label="Tools used">
        {tools.map((tool, index) => (
          <li key={tool.callId ?? `${tool.name}-${index}`} className={`tool-chip tool-${tool.state}`} data-testid="tool-chip">
            {tool.state === "running" ? <span className="spinner" aria-hidden="true" /> : <ToolIcon />}
            {drawn(tool) ? (
              <button type="button" className="tool-chip-toggle" aria-expanded={!closed.has(index)} onClick={() => toggle(index)}>
                {humanize(tool.name)}
              </button>
            ) : (
              <span>{humanize(tool.name)}</span>
            )}
            {tool.state === "failed" && <span className="visually-hidden">(failed)</span>}
          </li>
        ))}
      </ul>
      {tools.map((tool, index) =>
        drawn(tool) && !closed.has(index) ? (
          <section
            key={tool.callId ?? `${tool.name}-${index}`}
            className="tool-result"
            data-testid="tool-result"
            data-tool={tool.name}
            aria-label={humanize(tool.name)}
          >
            <ToolResultView name={tool.name} result={tool.result} />
            <p className="tool-result-asof">As of {timeCell(asOfTime(tool.result, tool.at))}</p>
          </section>
        ) : null,
      )}
    </div>
  );
}
