import type { EventBus } from "../bus/event-bus.js";
import { loadBranch } from "../branches/load-branch.js";
import { chooseSummaryBoundary } from "../prompt/history-window.js";
import { meteredComplete, type MeteredDeps } from "../../usage/metered-complete.js";

const SUMMARY_INSTRUCTION =
  "Summarize the earlier part of a conversation between a trader and an assistant, so that the assistant can " +
  "continue it without the full text. Keep decisions, figures, settings discussed and open questions. " +
  "At most 250 words. Write the summary only.";

/**
 * Once more messages than the window allows are past the summary (`chooseSummaryBoundary`),
 * the older of them are folded into `conversation_summary` (the previous summary plus what it
 * did not yet cover), and `summary_through_message_id` records how far it reaches. Replies are
 * written from the summary plus every message after it (`chooseHistoryWindow`), so a job that
 * lags or fails only makes the verbatim part longer for a while; nothing falls in between.
 */
export async function refreshSummary(deps: MeteredDeps & { bus: EventBus; model: string }, sessionId: number): Promise<void> {
  const session = await deps.prisma.chatSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { conversationSummary: true, summaryThroughMessageId: true, userId: true },
  });
  const covered = session.conversationSummary === null ? null : session.summaryThroughMessageId;
  // The shown branch after the summary, or all of it when the summary was written for another
  // branch (then it is written anew for this one). Only finished messages: the window of the
  // next reply is what is being folded.
  const branch = await loadBranch(deps.prisma, { sessionId, summaryThroughId: covered });
  const uncovered = branch.messages.filter((message) => message.content !== "" && message.status !== "streaming");
  const previousSummary = branch.summaryOnBranch ? session.conversationSummary : null;
  const boundary = chooseSummaryBoundary(uncovered);
  if (boundary === null) return;
  const folded = uncovered.filter((message) => message.id <= boundary);
  const transcript = folded.map((m) => `${m.role === "user" ? "Trader" : "Assistant"}: ${m.content}`).join("\n\n");
  const previous = previousSummary ? `Summary so far:\n${previousSummary}\n\nThen:\n` : "";
  const summary = await meteredComplete(
    deps,
    { sessionId, userId: session.userId, kind: "summary" },
    {
      model: deps.model,
      maxTokens: 400,
      messages: [
        { role: "system", content: SUMMARY_INSTRUCTION },
        { role: "user", content: `${previous}${transcript}`.slice(-60_000) },
      ],
    },
  );
  // Only if nobody refreshed it meanwhile: the summary must match what it says it covers.
  const { count } = await deps.prisma.chatSession.updateMany({
    where: { id: sessionId, summaryThroughMessageId: session.summaryThroughMessageId },
    data: { conversationSummary: summary.trim(), summaryThroughMessageId: boundary },
  });
  if (count) await deps.bus.publish(sessionId, { type: "summary", sessionId, throughMessageId: boundary });
}
