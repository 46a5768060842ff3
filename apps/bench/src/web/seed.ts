import type { PrismaClient } from "@parley/db";

type NonEmpty<T> = readonly [T, ...T[]];
const pick = <T>(list: NonEmpty<T>, index: number): T => list[index % list.length] ?? list[0];

const questions: NonEmpty<string> = [
  "How should I size a position when the stop is 2% away and I risk 1% of the account?",
  "Why did the `Momentum Scalper` skip the NVDA breakout this morning?",
  "Compare trailing stops with fixed stops for a day-trading model, briefly.",
  "Can you list the order types my model is allowed to use?",
  "What changed in my P&L between Monday and Wednesday?",
];

const replies: NonEmpty<(n: number) => string> = [
  (n: number) =>
    `**Reply ${n}.** Risking 1% with a stop 2% away means a position of *half* the account.\n\n` +
    `On $50,000 that is **$25,000** of stock; see [position sizing](https://example.com/sizing) for the long version.`,
  (n: number) =>
    `**Reply ${n}.** Three things blocked the entry:\n\n- the spread was above the \`maxSpread\` rule\n` +
    `- the model already held **two** positions\n- volume was under the 20-bar average\n\nNone of them is a bug.`,
  (n: number) =>
    `**Reply ${n}.** Here is the rule as code:\n\n\`\`\`ts\nfunction stopFor(entry: number, atr: number, side: "long" | "short") {\n` +
    `  const distance = 1.5 * atr;\n  return side === "long" ? entry - distance : entry + distance;\n}\n\`\`\`\n\nA trailing stop moves \`entry\` with the price.`,
  (n: number) =>
    `**Reply ${n}.** Your allowed order types:\n\n| Type | Allowed | Note |\n|:-----|:-------:|-----:|\n| market | yes | fills at once |\n` +
    `| limit | yes | may not fill |\n| stop | yes | becomes market |\n| stop-limit | no | add it in settings |`,
  (n: number) =>
    `**Reply ${n}.** The change came from two trades.\n\n### Monday\n\n1. Bought 100 AAPL at 187.20\n2. Sold at 189.05 (+$185)\n\n` +
    `### Wednesday\n\n> The TSLA short was stopped out at the open.\n\nNet: **−$412.50**, mostly fees and the gap.`,
];

/** Alternating user/assistant messages of mixed Markdown (lists, code, tables, quotes, links). */
function contentOf(n: number): { role: "user" | "assistant"; content: string } {
  const turn = Math.floor((n - 1) / 2);
  if (n % 2 === 1) return { role: "user", content: `${pick(questions, turn)} (${n})` };
  return { role: "assistant", content: pick(replies, turn)(n) };
}

export interface SeededConversation {
  id: number;
  /** Text of the newest message that no other message contains: it proves that one is shown. */
  lastText: string | null;
}

/** One general conversation of `count` (even) stored messages, a second apart, ending now. */
export async function seedConversation(prisma: PrismaClient, userId: string, options: { count: number; title: string }) {
  const session = await prisma.chatSession.create({
    data: { userId, sessionTitle: options.title, titleSource: "user", isActive: false },
  });
  const now = Date.now();
  const data = Array.from({ length: options.count }, (_, index) => {
    const at = new Date(now - (options.count - index) * 1000);
    return { sessionId: session.id, userId, ...contentOf(index + 1), createdAt: at, completedAt: at };
  });
  await prisma.chatMessage.createMany({ data });
  const seeded: SeededConversation = { id: session.id, lastText: options.count > 0 ? `Reply ${options.count}.` : null };
  return seeded;
}

/**
 * A conversation of `count` messages on its shown branch plus `branchPoints` other versions of
 * replies spread over it (regenerated answers): the shown branch keeps the first version, so the
 * page draws `‹ 1/2 ›` switchers and has to pick the branch out of the tree.
 */
export async function seedBranchedConversation(
  prisma: PrismaClient,
  userId: string,
  options: { count: number; branchPoints: number; title: string },
): Promise<SeededConversation> {
  const seeded = await seedConversation(prisma, userId, options);
  const replies = await prisma.chatMessage.findMany({
    where: { sessionId: seeded.id, role: "assistant" },
    orderBy: { id: "asc" },
    select: { id: true, parentId: true, createdAt: true },
  });
  const { currentLeafId } = await prisma.chatSession.findUniqueOrThrow({ where: { id: seeded.id }, select: { currentLeafId: true } });
  const every = Math.max(1, Math.floor(replies.length / options.branchPoints));
  const branched = replies.filter((_, index) => index % every === 0).slice(0, options.branchPoints);
  await prisma.chatMessage.createMany({
    data: branched.map((reply, n) => ({
      sessionId: seeded.id,
      userId,
      role: "assistant" as const,
      content: `**Another version ${n + 1}.** Regenerated, and not on the shown branch.`,
      parentId: reply.parentId ?? 0,
      createdAt: reply.createdAt,
      completedAt: reply.createdAt,
    })),
  });
  // Each insert made itself the shown leaf (the tree trigger); the first versions stay shown.
  await prisma.chatSession.update({ where: { id: seeded.id }, data: { currentLeafId } });
  return seeded;
}
