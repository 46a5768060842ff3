import { describe, expect, it } from "vitest";
import { offlineToolFor } from "./offline-tools.js";

const runTools = ["get_run_overview", "list_trades", "get_positions", "get_equity_curve", "get_symbol_breakdown", "check_compliance"];
const modelTools = ["list_runs", "compare_runs"];

describe("the offline assistant picks the tool the question asks for", () => {
  it.each([
    ["How did this run do?", "get_run_overview"],
    ["Show me the equity curve", "get_equity_curve"],
    ["What was the max drawdown?", "get_equity_curve"],
    ["List the trades", "list_trades"],
    ["Which positions are open?", "get_positions"],
    ["Break it down per symbol", "get_symbol_breakdown"],
    ["Did it break any rule?", "check_compliance"],
  ])("%s → %s in a run conversation", (question, tool) => {
    expect(offlineToolFor(question, runTools)).toBe(tool);
  });

  it.each([
    ["Which of my runs was best?", "list_runs"],
    ["Compare runs 3 and 4", "compare_runs"],
  ])("%s → %s in a model conversation", (question, tool) => {
    expect(offlineToolFor(question, modelTools)).toBe(tool);
  });

  it("only picks among the tools offered, and answers small talk in text", () => {
    expect(offlineToolFor("Show me the equity curve", modelTools)).toBeNull();
    expect(offlineToolFor("Hello there", runTools)).toBeNull();
    expect(offlineToolFor("Hello there", [])).toBeNull();
  });
});
