import type { ProviderChunk, StreamRequest } from "./provider.js";

/**
 * Which tool a question asks for, first match wins: the offline assistant has no language model,
 * so it reads the question's words. Specific asks come before the general "how did it do".
 */
const TOOL_BY_QUESTION: readonly { pattern: RegExp; tool: string }[] = [
  { pattern: /\bcompare\b|\bversus\b|\bvs\.?\s|differ(ence)? between/i, tool: "compare_runs" },
  { pattern: /\b(all|my|which|best|worst|rank|list)\b.*\bruns\b|\bruns\b.*\b(best|worst|rank)/i, tool: "list_runs" },
  { pattern: /complian|violat|rule|allowed|breach/i, tool: "check_compliance" },
  { pattern: /equity|curve|chart|over time|drawdown/i, tool: "get_equity_curve" },
  { pattern: /\btrades?\b|\bfills?\b|\borders?\b/i, tool: "list_trades" },
  { pattern: /per symbol|by symbol|symbols?\b|ticker/i, tool: "get_symbol_breakdown" },
  { pattern: /position|holding|exposure|open\b/i, tool: "get_positions" },
  { pattern: /perform|p&l|pnl|profit|loss|how did|result|win rate|sharpe|metric/i, tool: "get_run_overview" },
];

/** The tool the offline assistant calls for this question, among those offered; null to answer in text. */
export function offlineToolFor(question: string, offered: readonly string[]): string | null {
  for (const { pattern, tool } of TOOL_BY_QUESTION) {
    if (offered.includes(tool) && pattern.test(question)) return tool;
  }
  return null;
}

/**
 * Conversations with tools exercise them offline too: the offline assistant calls the tool the
 * question asks for (with default arguments) and then reports what came back. Returns the tool
 * call to make, or null when it should answer in text.
 */
export function offlineToolStep(request: StreamRequest): ProviderChunk | null {
  const tools = request.tools ?? [];
  const last = request.messages.at(-1);
  if (!tools.length || last?.role !== "user") return null;
  const name = offlineToolFor(
    last.content,
    tools.map((tool) => tool.name),
  );
  if (!name) return null;
  return { type: "tool_calls", calls: [{ id: `offline_${Date.now().toString(36)}`, name, arguments: "{}" }] };
}
