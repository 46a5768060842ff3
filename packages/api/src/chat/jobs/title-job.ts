import type { EventBus } from "../bus/event-bus.js";
import { loadBranch } from "../branches/load-branch.js";
import type { Logger } from "../../logger.js";
import { announce } from "../../sync/announce.js";
import { meteredComplete, type MeteredDeps } from "../../usage/metered-complete.js";

const TITLE_INSTRUCTION =
  "Write a title of at most six words for a conversation that starts with the user's message below. " +
  "Reply with the title only: no quotes, no final punctuation.";

export function cleanTitle(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  const title = line.replace(/^["'“”‘’#*\s]+|["'“”‘’.!*\s]+$/g, "").replace(/^title:\s*/i, "");
  return title.slice(0, 80).trim();
}

/**
 * Titles a conversation from the first user message of the branch it shows. A title the user chose is never
 * replaced: the update only applies while the title is still the default or provisional one.
 */
export async function generateTitle(deps: MeteredDeps & { bus: EventBus; model: string; log: Logger }, sessionId: number): Promise<void> {
  const session = await deps.prisma.chatSession.findUnique({ where: { id: sessionId }, select: { titleSource: true, userId: true } });
  if (!session || session.titleSource === "user" || session.titleSource === "generated") return;
  const branch = await loadBranch(deps.prisma, { sessionId, summaryThroughId: null });
  const first = branch.messages.find((message) => message.role === "user");
  if (!first) return;
  const text = await meteredComplete(
    deps,
    { sessionId, userId: session.userId, kind: "title" },
    {
      model: deps.model,
      maxTokens: 24,
      messages: [
        { role: "system", content: TITLE_INSTRUCTION },
        { role: "user", content: first.content.slice(0, 2_000) },
      ],
    },
  );
  const title = cleanTitle(text);
  if (!title) throw new Error("the title model returned no title");
  const { count } = await deps.prisma.chatSession.updateMany({
    where: { id: sessionId, titleSource: { in: ["default", "provisional"] } },
    data: { sessionTitle: title, titleSource: "generated" },
  });
  if (!count) return;
  await deps.bus.publish(sessionId, { type: "title", sessionId, title });
  announce(deps, session.userId, { type: "session_updated", sessionIds: [sessionId], change: "title" });
}
