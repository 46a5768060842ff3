import { replayFills } from "@parley/trading";
import type { PrismaClient } from "../client.js";
import { Prisma } from "../client.js";
import { hashPassword } from "../passwords.js";
import { demoModels, type DemoModel } from "./demo-models.js";
import { generalConversations, modelExchanges, runExchanges, type Exchange } from "./demo-conversations.js";
import { generateRun } from "./generate-run.js";
import { seededRandom, type Random } from "./random.js";

export const demoCredentials = {
  user: { email: "demo@parley.dev", password: "parley-demo", displayName: "Demo Trader" },
  admin: { email: "admin@parley.dev", password: "parley-admin", displayName: "Parley Admin" },
};

const SEED = 20_261_124;
const FIRST_RUN_START = new Date("2026-03-02T00:00:00Z");
type Tx = Prisma.TransactionClient;

/**
 * Idempotent and deterministic: the same seed always yields the same data, and a database
 * that already has the demo user is left as it is. All in one transaction, so an interrupted
 * seed leaves nothing behind.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<{ created: boolean }> {
  const existing = await prisma.user.findUnique({ where: { email: demoCredentials.user.email } });
  if (existing) return { created: false };
  const [userHash, adminHash] = await Promise.all([
    hashPassword(demoCredentials.user.password),
    hashPassword(demoCredentials.admin.password),
  ]);
  await prisma.$transaction(
    async (tx) => {
      const { email, displayName } = demoCredentials.user;
      const user = await tx.user.create({ data: { email, displayName, passwordHash: userHash } });
      const admin = demoCredentials.admin;
      await tx.user.create({
        data: { email: admin.email, displayName: admin.displayName, passwordHash: adminHash, role: "admin" },
      });
      const random = seededRandom(SEED);
      for (const [index, model] of demoModels.entries()) {
        await seedModel(tx, user.id, model, index, random);
      }
      await seedConversations(tx, user.id, null, null, generalConversations);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { created: true };
}

async function seedModel(tx: Tx, userId: string, demo: DemoModel, index: number, random: Random) {
  const { runs, startPrices: _prices, assetType: _assetType, ...config } = demo;
  const model = await tx.tradingModel.create({ data: { ...config, userId } });
  let start = new Date(FIRST_RUN_START.getTime() + index * 3 * 86_400_000);
  const runIds: number[] = [];
  for (const plan of runs) {
    const generated = generateRun(demo, plan, start, random);
    const run = await tx.tradingRun.create({
      data: {
        modelId: model.id,
        userId,
        status: plan.status,
        startedAt: generated.startedAt,
        endedAt: plan.status === "running" ? null : generated.endedAt,
        startingCapital: plan.startingCapital,
        settingsSnapshot: config as unknown as Prisma.InputJsonObject,
      },
    });
    const { fillsWithRealized } = replayFills(generated.fills.map((fill, id) => ({ ...fill, id })));
    await tx.trade.createMany({
      data: fillsWithRealized.map(({ id: _id, positionAfter: _after, ...fill }) => ({
        ...fill,
        runId: run.id,
      })),
    });
    await tx.priceMark.createMany({ data: generated.marks.map((mark) => ({ ...mark, runId: run.id })) });
    runIds.push(run.id);
    start = new Date(generated.endedAt.getTime() + 7 * 86_400_000);
  }
  await seedConversations(tx, userId, model.id, null, [
    { title: `${demo.name}: configuration review`, exchanges: modelExchanges(demo.name) },
    { title: `${demo.name}: risk questions`, exchanges: modelExchanges(demo.name).slice(1) },
  ]);
  const lastRun = runIds.at(-1);
  if (lastRun !== undefined) {
    await seedConversations(tx, userId, model.id, lastRun, [{ title: "Run review", exchanges: runExchanges() }]);
  }
}

/** The last conversation of a context is its active one. */
async function seedConversations(
  tx: Tx,
  userId: string,
  modelId: number | null,
  runId: number | null,
  conversations: Array<{ title: string; exchanges: Exchange[] }>,
) {
  for (const [index, conversation] of conversations.entries()) {
    const startedAt = new Date(Date.UTC(2026, 10, 1 + index, 9, (modelId ?? 0) + (runId ?? 0)));
    const messages = conversation.exchanges.flatMap(([question, answer], turn) => [
      { role: "user" as const, content: question, createdAt: new Date(startedAt.getTime() + turn * 120_000) },
      { role: "assistant" as const, content: answer, createdAt: new Date(startedAt.getTime() + turn * 120_000 + 4_000) },
    ]);
    const lastAt = messages.at(-1)?.createdAt ?? startedAt;
    const session = await tx.chatSession.create({
      data: {
        userId,
        modelId,
        runId,
        sessionTitle: conversation.title,
        titleSource: "generated",
        isActive: index === conversations.length - 1,
        createdAt: startedAt,
        lastMessageAt: lastAt,
        activityAt: lastAt,
      },
      // Only the id: the seed then also runs on a database migrated to an earlier schema (the
      // message-tree migration's test seeds one).
      select: { id: true },
    });
    await tx.chatMessage.createMany({
      data: messages.map((message) => ({
        ...message,
        sessionId: session.id,
        userId,
        aiModel: message.role === "assistant" ? "offline" : null,
        completedAt: message.createdAt,
      })),
    });
  }
}
