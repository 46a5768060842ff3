/**
 * Which earlier messages a reply is written from: the summary (if any) and, verbatim, every
 * message after the last one the summary covers. The two always meet: if the summary job lags
 * behind or failed, the verbatim part stretches back to where the summary ends, so no message
 * is ever in neither, and none is in both. The summary job keeps the verbatim part short by
 * folding its older messages in once it reaches KEEP_VERBATIM + SUMMARY_INTERVAL.
 *
 * Pure, over the messages of one conversation path in order (ids ascending along it), so that a
 * caller following a branch passes that branch's messages and gets the same rule.
 */

/** At least this many of the newest messages stay verbatim when the summary is refreshed. */
export const KEEP_VERBATIM = 30;
/**
 * How many messages may pile up past KEEP_VERBATIM before the summary is refreshed: while the
 * job keeps up, a request's verbatim part (the question being answered included) is at most
 * KEEP_VERBATIM + SUMMARY_INTERVAL = 60 messages. The first summary is written when a
 * conversation reaches 60 messages, then one every ~30 messages: one extra provider call per
 * 15 turns, not one per turn.
 */
export const SUMMARY_INTERVAL = 30;

export interface WindowMessage {
  id: number;
  role: "user" | "assistant";
  content: string;
}

export interface StoredSummary {
  text: string;
  /** The last message the summary covers (the messages up to it, in this path, are in it). */
  throughMessageId: number;
}

export interface HistoryWindow {
  /** The summary to send, or null when none covers the start of this conversation path. */
  summary: StoredSummary | null;
  /** Every message after the summary's coverage, oldest first (empty ones, which say nothing, left out). */
  verbatim: WindowMessage[];
}

/**
 * The window for a provider request. `messages` are the messages before the reply being
 * written, oldest first; they may start after the summary's coverage (a caller may leave out
 * what the summary covers), but must include every message after it.
 */
export function chooseHistoryWindow(messages: readonly WindowMessage[], summary: StoredSummary | null): HistoryWindow {
  const through = summary?.throughMessageId ?? 0;
  return {
    summary,
    verbatim: messages.filter((message) => message.id > through && message.content !== ""),
  };
}

/**
 * Where the next summary should end, given the messages it does not cover yet (oldest first,
 * the reply just written included), or null while they fit the window. It leaves the newest
 * KEEP_VERBATIM verbatim, and one more when that keeps a question beside its answer: the
 * verbatim part then starts with a question rather than an answer to something summarized.
 */
export function chooseSummaryBoundary(uncovered: readonly WindowMessage[]): number | null {
  const said = uncovered.filter((message) => message.content !== "");
  if (!summaryIsDue(said.length)) return null;
  let lastSummarized = said.length - KEEP_VERBATIM - 1;
  if (said[lastSummarized + 1]?.role === "assistant" && said[lastSummarized]?.role === "user") lastSummarized--;
  return said[lastSummarized]?.id ?? null;
}

/** Whether this many (non-empty) messages past the summary are due to be folded into it. */
export function summaryIsDue(uncoveredCount: number): boolean {
  return uncoveredCount >= KEEP_VERBATIM + SUMMARY_INTERVAL;
}
