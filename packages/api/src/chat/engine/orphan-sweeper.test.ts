import { createSession, createTestDatabase, createUser, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryEventBus } from "../bus/memory-event-bus.js";
import { endOrphanedReply, shownText } from "./orphan-sweeper.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** A reply whose writer died: `saved` in the database, `shown` published on the bus. */
async function orphan(saved: string, shown: string[]) {
  const user = await createUser(db.prisma);
  const session = await createSession(db.prisma, user.id);
  const reply = await db.prisma.chatMessage.create({
    data: { sessionId: session.id, userId: user.id, role: "assistant", status: "streaming", content: saved },
  });
  const bus = createMemoryEventBus();
  await bus.publish(session.id, { type: "reply_started", messageId: reply.id, userMessageId: null, aiModel: "m", offline: true });
  for (const text of shown) await bus.publish(session.id, { type: "delta", messageId: reply.id, text });
  return { bus, reply: { id: reply.id, sessionId: session.id, content: saved } };
}

describe("ending a reply whose writer died", () => {
  it("keeps what its viewers were shown when the writer's last save was ahead of the bus", async () => {
    // Saved "one two three", then killed before the frame with " three" was published.
    const { bus, reply } = await orphan("one two three", ["one", " two"]);
    expect(await endOrphanedReply({ prisma: db.prisma, bus }, reply, { status: "interrupted", error: "gone" })).toBe(true);
    const stored = await db.prisma.chatMessage.findUniqueOrThrow({ where: { id: reply.id } });
    expect(stored).toMatchObject({ status: "interrupted", content: "one two", error: "gone" });
    await bus.close();
  });

  it("keeps what its viewers were shown when the save was behind, and the save when the bus lost the reply", async () => {
    const behind = await orphan("one", ["one", " two", " three"]);
    await endOrphanedReply({ prisma: db.prisma, bus: behind.bus }, behind.reply, { status: "interrupted", error: null });
    expect((await db.prisma.chatMessage.findUniqueOrThrow({ where: { id: behind.reply.id } })).content).toBe("one two three");
    await behind.bus.close();

    expect(shownText("one two", null)).toBe("one two");
    // Not a prefix of the save: something was lost on the way; no text is dropped on a guess.
    expect(shownText("one two three", "one tw0")).toBe("one two three");
  });
});
