/** A tool call as kept with a reply: `{ name, arguments, ok, result, … }` (the API's `ToolUse`). */
type StoredTool = { name: string } & Record<string, unknown>;

const MAX_VALUE = 60;

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** `symbol: AAPL, limit: 20` from the call's JSON arguments; the raw text when they are not an object. */
function argumentsText(raw: unknown): string {
  if (typeof raw !== "string" || !raw.trim()) return "";
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return Object.entries(parsed)
        .map(([key, value]) => `${key}: ${short(value)}`)
        .join(", ");
  } catch {
    // Not JSON: shown as written.
  }
  return short(raw);
}

/** What came back, in words: a table's row count, an object's fields, never the JSON itself. */
function resultText(result: unknown): string {
  if (result === undefined || result === null) return "no result kept";
  if (Array.isArray(result)) return `${result.length} ${result.length === 1 ? "item" : "items"}`;
  if (typeof result === "object") {
    const entries = Object.entries(result);
    const rows = entries.find(([, value]) => Array.isArray(value));
    if (rows && Array.isArray(rows[1])) return `${rows[1].length} ${rows[0]}`;
    return `${entries.length} fields (${entries
      .slice(0, 4)
      .map(([key]) => key)
      .join(", ")}${entries.length > 4 ? ", …" : ""})`;
  }
  return short(result);
}

/** One line per tool call: `- Tool get_trades (symbol: AAPL) → 12 trades`. */
export function renderToolLine(tool: StoredTool): string {
  const args = argumentsText(tool.arguments);
  const outcome = tool.ok === false ? "failed" : resultText(tool.result);
  return `- Tool \`${tool.name}\`${args ? ` (${args})` : ""} → ${outcome}`;
}
