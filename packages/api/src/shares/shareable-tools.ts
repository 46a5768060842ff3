// What of a reply's tool calls a share link may carry. A tool's result is shown to the visitor
// drawn as in the reply (tables, figures, the equity curve), but a result is the owner's data
// as the assistant saw it: it names rows (trade, run, order ids, paging cursors) and, for the
// compliance and comparison tools, dumps the model's whole configuration. The visitor gets the
// figures without either: ids never, the configuration only when the owner ticked "include the
// model's settings". The call's arguments and call id stay behind (they are the model's plumbing).

/** Keys that name rows of the owner's database or page through them. */
const isRowReference = (key: string) => key === "id" || /^[a-z][A-Za-z]*Ids?$/.test(key) || /^(next|prev)?[cC]ursor$/.test(key);

/** Keys holding the model's configuration (check_compliance, compare_runs). */
const CONFIGURATION_KEYS = new Set(["configuration", "editsInForce", "configurationChanges"]);

export interface StoredToolUse {
  name?: unknown;
  ok?: unknown;
  at?: unknown;
  result?: unknown;
}

export interface ShareableToolUse {
  name: string;
  ok: boolean;
  at: string | null;
  result: unknown;
}

export function shareableTools(tools: unknown, options: { withSettings: boolean }): ShareableToolUse[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: StoredToolUse) => ({
    name: typeof tool.name === "string" ? tool.name : "tool",
    ok: tool.ok !== false,
    at: typeof tool.at === "string" ? tool.at : null,
    result: scrub(tool.result ?? null, options.withSettings),
  }));
}

function scrub(value: unknown, withSettings: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, withSettings));
  if (typeof value !== "object" || value === null) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (isRowReference(key)) continue;
    if (!withSettings && CONFIGURATION_KEYS.has(key)) continue;
    kept[key] = scrub(inner, withSettings);
  }
  return kept;
}
