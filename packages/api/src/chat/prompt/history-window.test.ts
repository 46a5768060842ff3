import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseHistoryWindow,
  chooseSummaryBoundary,
  KEEP_VERBATIM,
  SUMMARY_INTERVAL,
  type StoredSummary,
  type WindowMessage,
} from "./history-window.js";

/** What the summary job does after each reply: run at once, fail, or run some turns late. */
type JobPlan = { kind: "now" } | { kind: "fails" } | { kind: "late"; turns: number };

interface Simulation {
  messages: WindowMessage[];
  summary: StoredSummary | null;
  /** The ids the summary text was really written from (what the job folded in, over time). */
  summarized: Set<number>;
}

/** The job as `refreshSummary` runs it, on the conversation as it is when the job runs. */
function runSummaryJob(state: Simulation) {
  const covered = state.summary?.throughMessageId ?? 0;
  const uncovered = state.messages.filter((m) => m.id > covered && m.content !== "");
  const boundary = chooseSummaryBoundary(uncovered);
  if (boundary === null) return;
  for (const message of uncovered) if (message.id <= boundary) state.summarized.add(message.id);
  state.summary = { text: `summary through ${boundary}`, throughMessageId: boundary };
}

/** Checks one provider request's window against the whole conversation before the reply. */
function checkWindow(state: Simulation) {
  const { summary, verbatim } = chooseHistoryWindow(state.messages, state.summary);
  const said = state.messages.filter((m) => m.content !== "").map((m) => m.id);
  const inSummary = summary === null ? [] : said.filter((id) => state.summarized.has(id));
  // Summary then verbatim is every earlier message, in order, each exactly once.
  expect([...inSummary, ...verbatim.map((m) => m.id)]).toEqual(said);
  // The summary really covers everything up to where it says it ends, and nothing after.
  if (summary) expect(inSummary).toEqual(said.filter((id) => id <= summary.throughMessageId));
  // An answer opening the window has its question in the summary.
  if (verbatim[0]?.role === "assistant") expect(summary).not.toBeNull();
  return verbatim.length;
}

const turn = fc.record({
  replyFails: fc.boolean(),
  job: fc.oneof(
    { weight: 6, arbitrary: fc.constant<JobPlan>({ kind: "now" }) },
    { weight: 2, arbitrary: fc.constant<JobPlan>({ kind: "fails" }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map((turns): JobPlan => ({ kind: "late", turns })) },
  ),
});

/** Plays a conversation of turns (a question and a reply, maybe failed with no text). */
function play(turns: Array<{ replyFails: boolean; job: JobPlan }>, onRequest: (verbatimLength: number) => void) {
  const state: Simulation = { messages: [], summary: null, summarized: new Set() };
  const lateJobs: number[] = [];
  let nextId = 1;
  turns.forEach(({ replyFails, job }, index) => {
    lateJobs.filter((at) => at === index).forEach(() => runSummaryJob(state));
    state.messages.push({ id: nextId++, role: "user", content: `question ${index}` });
    onRequest(checkWindow(state));
    state.messages.push({ id: nextId++, role: "assistant", content: replyFails ? "" : `answer ${index}` });
    if (job.kind === "now") runSummaryJob(state);
    if (job.kind === "late") lateJobs.push(index + job.turns);
  });
}

describe("the history window of a provider request", () => {
  it("is summary + verbatim = every earlier message, contiguous and once, whatever the summary job does", () => {
    fc.assert(
      fc.property(fc.array(turn, { minLength: 0, maxLength: 150 }), (turns) => {
        play(turns, () => undefined);
      }),
      { numRuns: 300 },
    );
  });

  it("stays within KEEP_VERBATIM + SUMMARY_INTERVAL messages while the summary job keeps up", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 0, maxLength: 150 }), (failures) => {
        const lengths: number[] = [];
        play(
          failures.map((replyFails) => ({ replyFails, job: { kind: "now" } })),
          (length) => lengths.push(length),
        );
        for (const length of lengths) expect(length).toBeLessThanOrEqual(KEEP_VERBATIM + SUMMARY_INTERVAL);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves a question beside its answer when the summary is refreshed", () => {
    const messages = Array.from({ length: 61 }, (_, i): WindowMessage => ({
      id: i + 1,
      role: i % 2 ? "assistant" : "user",
      content: `m${i + 1}`,
    }));
    // 61 messages: the newest 30 would start with an answer (message 32); 31 are kept instead.
    expect(chooseSummaryBoundary(messages)).toBe(30);
    expect(chooseSummaryBoundary(messages.slice(0, 60))).toBe(30);
    expect(chooseSummaryBoundary(messages.slice(0, 59))).toBeNull();
  });

  it("sends every message verbatim when no summary covers the start", () => {
    const messages: WindowMessage[] = [
      { id: 4, role: "user", content: "a" },
      { id: 5, role: "assistant", content: "" },
      { id: 6, role: "user", content: "b" },
    ];
    expect(chooseHistoryWindow(messages, null).verbatim.map((m) => m.id)).toEqual([4, 6]);
  });
});
