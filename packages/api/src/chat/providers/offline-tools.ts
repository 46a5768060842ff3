import type { ProviderChunk, StreamRequest } from "./provider.js";

/**
 * Run conversations offline still exercise the tools: asked about performance, the offline
 * assistant calls the run overview first and then reports what came back. Returns the tool
 * call to make, or null when it should answer in text.
 */
export function offlineToolStep(request: StreamRequest): ProviderChunk | null {
  const tools = request.tools ?? [];
  const last = request.messages.at(-1);
  if (!tools.length || last?.role !== "user") return null;
  if (!/perform|p&l|pnl|profit|loss|how did|result|drawdown|win rate|sharpe/i.test(last.content)) return null;
  const overview = tools.find((tool) => tool.name === "get_run_overview");
  if (!overview) return null;
  return { type: "tool_calls", calls: [{ id: `offline_${Date.now().toString(36)}`, name: overview.name, arguments: "{}" }] };
}
