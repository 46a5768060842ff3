import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, createRun, createSession, createTestDatabase, createUser, type TestDatabase } from "./testing/index.js";

// What the original system only checked after the fact (health queries) is held by the
// database itself here; these tests go straight at it, below any application code.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("one active conversation per (user, context)", () => {
  it("rejects a second active conversation in the same context", async () => {
    const user = await createUser(db.prisma);
    await createSession(db.prisma, user.id);
    await expect(createSession(db.prisma, user.id)).rejects.toMatchObject({ code: "P2002" });
    const model = await createModel(db.prisma, user.id);
    await createSession(db.prisma, user.id, { modelId: model.id });
    await expect(createSession(db.prisma, user.id, { modelId: model.id })).rejects.toMatchObject({ code: "P2002" });
  });

  it("keeps one active each for general, two models and a run, and any number inactive", async () => {
    const user = await createUser(db.prisma);
    const first = await createModel(db.prisma, user.id);
    const second = await createModel(db.prisma, user.id);
    const run = await createRun(db.prisma, first);
    const contexts = [{}, { modelId: first.id }, { modelId: second.id }, { modelId: first.id, runId: run.id }];
    for (const context of contexts) {
      await createSession(db.prisma, user.id, context);
      await createSession(db.prisma, user.id, { ...context, isActive: false });
      await createSession(db.prisma, user.id, { ...context, isActive: false });
    }
    const active = await db.prisma.chatSession.count({ where: { userId: user.id, isActive: true } });
    expect(active).toBe(4);
  });

  it("lets two users each have their own active conversation", async () => {
    const a = await createUser(db.prisma);
    const b = await createUser(db.prisma);
    await createSession(db.prisma, a.id);
    await expect(createSession(db.prisma, b.id)).resolves.toMatchObject({ isActive: true });
  });
});

describe("foreign keys", () => {
  it("deleting a conversation deletes its messages", async () => {
    const user = await createUser(db.prisma);
    const session = await createSession(db.prisma, user.id);
    await db.prisma.chatMessage.createMany({
      data: [
        { sessionId: session.id, userId: user.id, role: "user", content: "hi" },
        { sessionId: session.id, userId: user.id, role: "assistant", content: "hello" },
      ],
    });
    await db.prisma.chatSession.delete({ where: { id: session.id } });
    expect(await db.prisma.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("rejects a run conversation whose run belongs to another model", async () => {
    const user = await createUser(db.prisma);
    const model = await createModel(db.prisma, user.id);
    const other = await createModel(db.prisma, user.id);
    const run = await createRun(db.prisma, other);
    await expect(createSession(db.prisma, user.id, { modelId: model.id, runId: run.id })).rejects.toMatchObject({
      code: "P2003",
    });
  });

  it("rejects a run conversation without its model", async () => {
    const user = await createUser(db.prisma);
    const model = await createModel(db.prisma, user.id);
    const run = await createRun(db.prisma, model);
    await expect(db.sql.query("INSERT INTO chat_sessions (user_id, run_id) VALUES ($1, $2)", [user.id, run.id])).rejects.toThrow(
      /chat_sessions_run_needs_model/,
    );
  });

  it("rejects a conversation about another user's model", async () => {
    const owner = await createUser(db.prisma);
    const intruder = await createUser(db.prisma);
    const model = await createModel(db.prisma, owner.id);
    await expect(createSession(db.prisma, intruder.id, { modelId: model.id })).rejects.toMatchObject({ code: "P2003" });
  });

  it("rejects a message whose owner is not its conversation's owner", async () => {
    const owner = await createUser(db.prisma);
    const intruder = await createUser(db.prisma);
    const session = await createSession(db.prisma, owner.id);
    await expect(
      db.prisma.chatMessage.create({ data: { sessionId: session.id, userId: intruder.id, role: "user", content: "x" } }),
    ).rejects.toMatchObject({ code: "P2003" });
  });

  it("keeps a soft-deleted model's conversations", async () => {
    const user = await createUser(db.prisma);
    const model = await createModel(db.prisma, user.id);
    const session = await createSession(db.prisma, user.id, { modelId: model.id });
    await db.prisma.tradingModel.update({ where: { id: model.id }, data: { deletedAt: new Date() } });
    expect(await db.prisma.chatSession.findUnique({ where: { id: session.id } })).not.toBeNull();
  });
});

describe("checks", () => {
  it("stores emails lower-cased only, so uniqueness ignores case", async () => {
    await expect(createUser(db.prisma, { email: "Mixed@Case.test" })).rejects.toThrow(/users_email_lowercase/);
  });

  it("rejects negative buying power", async () => {
    const user = await createUser(db.prisma);
    const model = await createModel(db.prisma, user.id);
    await expect(db.prisma.tradingModel.update({ where: { id: model.id }, data: { buyingPower: -1 } })).rejects.toThrow(
      /models_buying_power_non_negative/,
    );
  });
});
