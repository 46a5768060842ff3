import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, createSession, createTestDatabase, createUser, type TestDatabase } from "../testing/index.js";
import { readUsageStats } from "./usage-stats.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await db?.drop();
});

async function conversation(
  userId: string,
  modelId: number | null,
  replies: Array<[prompt: number | null, completion: number | null, aiModel: string]>,
) {
  const session = await createSession(db.prisma, userId, { ...(modelId === null ? {} : { modelId }), isActive: false });
  for (const [prompt, completion, aiModel] of replies) {
    await db.prisma.chatMessage.create({ data: { sessionId: session.id, userId, role: "user", content: "q" } });
    await db.prisma.chatMessage.create({
      data: { sessionId: session.id, userId, role: "assistant", content: "a", aiModel, promptTokens: prompt, completionTokens: completion },
    });
  }
  return session;
}

describe("usage statistics", () => {
  it("are zero (and null where undefined) on an empty database", async () => {
    expect(await readUsageStats(db.prisma)).toEqual({
      modelConversations: { conversations: 0, users: 0, models: 0 },
      messagesPerModelConversation: { average: null, max: null, min: null, median: null },
      mostActiveModels: [],
      tokens: { prompt: 0, completion: 0, total: 0, replies: 0, byAiModel: [] },
    });
  });

  it("answer the spec's three questions and count tokens", async () => {
    const [ann, bob] = [await createUser(db.prisma), await createUser(db.prisma)];
    const scalper = await createModel(db.prisma, ann.id, { name: "Scalper" });
    const swing = await createModel(db.prisma, ann.id, { name: "Swing", deletedAt: new Date() });
    const bobs = await createModel(db.prisma, bob.id, { name: "Bob's" });
    await conversation(ann.id, scalper.id, [
      [100, 10, "gpt-a"],
      [200, 20, "gpt-a"],
    ]); // 4 messages
    await conversation(ann.id, scalper.id, [[50, 5, "gpt-b"]]); // 2
    await conversation(ann.id, scalper.id, []); // empty: not in the per-conversation figures
    await conversation(ann.id, swing.id, [[null, null, "offline"]]); // 2, no usage reported
    await conversation(bob.id, bobs.id, [
      [1, 2, "gpt-b"],
      [3, 4, "gpt-b"],
      [5, 6, "gpt-b"],
    ]); // 6
    await conversation(bob.id, null, [[1_000, 1_000, "gpt-a"]]); // general: tokens only

    const stats = await readUsageStats(db.prisma, { topModels: 2 });
    expect(stats.modelConversations).toEqual({ conversations: 5, users: 2, models: 3 });
    expect(stats.messagesPerModelConversation).toEqual({ average: 3.5, max: 6, min: 2, median: 3 });
    expect(stats.mostActiveModels).toEqual([
      { modelId: scalper.id, name: "Scalper", deleted: false, conversations: 3, messages: 6 },
      { modelId: bobs.id, name: "Bob's", deleted: false, conversations: 1, messages: 6 },
    ]);
    expect(stats.tokens).toEqual({
      prompt: 1_359,
      completion: 1_047,
      total: 2_406,
      replies: 7,
      byAiModel: [
        { aiModel: "gpt-a", prompt: 1_300, completion: 1_030, total: 2_330, replies: 3 },
        { aiModel: "gpt-b", prompt: 59, completion: 17, total: 76, replies: 4 },
      ],
    });
  });
});
