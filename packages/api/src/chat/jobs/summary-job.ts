import type { PrismaClient } from "@parley/db";
import type { EventBus } from "../bus/event-bus.js";
import { loadBranch } from "../branches/load-branch.js";
import { HISTORY_LIMIT } from "../prompt/load-conversation.js";
import type { ChatProvider } from "../providers/provider.js";

/** A conversation is summarized once it has more messages than this. */
export const SUMMARY_THRESHOLD = 60;

const SUMMARY_INSTRUCTION =
  "Summarize the earlier part of a conversation between a trader and an assistant, so that the assistant can " +
  "continue it without the full text. Keep decisions, figures, settings discussed and open questions. " +
  "At most 250 words. Write the summary only.";

/**
 * Once a conversation passes the threshold, everything older than the last HISTORY_LIMIT
 * messages is folded into `conversation_summary` (the previous summary plus what it did not yet
 * cover), and `summary_through_message_id` records how far it reaches. The provider then gets
 * exactly the summary plus the last HISTORY_LIMIT messages, with nothing lost in between.
 */
export async function refreshSummary(
  deps: { prisma: PrismaClient; provider: ChatProvider; bus: EventBus; model: string },
  sessionId: number,
): Promise<void> {
  const session = await deps.prisma.chatSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { messageCount: true, conversationSummary: true, summaryThroughMessageId: true },
  });
  if (session.messageCount <= SUMMARY_THRESHOLD) return;
  // The shown branch, from where the summary ends (or from its first message, when the summary
  // was written for another branch: then it is written anew for this one).
  const branch = await loadBranch(deps.prisma, { sessionId, summaryThroughId: session.summaryThroughMessageId });
  const uncovered = branch.messages.slice(0, -HISTORY_LIMIT);
  const boundary = uncovered.at(-1);
  if (!boundary) return;
  const previousSummary = branch.summaryOnBranch ? session.conversationSummary : null;
  const transcript = uncovered.filter((m) => m.content !== "").map((m) => `${m.role === "user" ? "Trader" : "Assistant"}: ${m.content}`).join("\n\n");
  const previous = previousSummary ? `Summary so far:\n${previousSummary}\n\nThen:\n` : "";
  const summary = await deps.provider.complete({
    model: deps.model,
    maxTokens: 400,
    messages: [
      { role: "system", content: SUMMARY_INSTRUCTION },
      { role: "user", content: `${previous}${transcript}`.slice(-60_000) },
    ],
  });
  // Only if nobody refreshed it meanwhile: the summary must match what it says it covers.
  const { count } = await deps.prisma.chatSession.updateMany({
    where: { id: sessionId, summaryThroughMessageId: session.summaryThroughMessageId },
    data: { conversationSummary: summary.trim(), summaryThroughMessageId: boundary.id },
  });
  if (count) await deps.bus.publish(sessionId, { type: "summary", sessionId, throughMessageId: boundary.id });
}
