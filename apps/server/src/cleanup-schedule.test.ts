import { pino } from "pino";
import { createSession, createTestDatabase, createUser, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleEmptyConversationCleanup } from "./cleanup-schedule.js";
import { readEnv } from "./env.js";

let db: TestDatabase;
let userId: string;
beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
  userId = (await createUser(db.prisma)).id;
});
afterAll(async () => {
  await db?.drop();
});

const emptyConversation = (hoursOld: number) =>
  db.prisma.chatSession.create({ data: { userId, isActive: false, createdAt: new Date(Date.now() - hoursOld * 3_600_000) } });

describe("scheduled cleanup of empty conversations", () => {
  it("deletes the old empty ones at start and on every tick, logs what it removed, and stops", async () => {
    const old = await emptyConversation(30);
    const recent = await emptyConversation(1);
    const kept = await createSession(db.prisma, userId, { isActive: false });
    await db.prisma.chatSession.update({ where: { id: kept.id }, data: { createdAt: new Date(Date.now() - 48 * 3_600_000) } });
    await db.prisma.chatMessage.create({ data: { sessionId: kept.id, userId, role: "user", content: "still here" } });
    const logged: string[] = [];
    const logger = pino({}, { write: (line: string) => logged.push((JSON.parse(line) as { msg: string }).msg) });
    const schedule = scheduleEmptyConversationCleanup({ db: db.prisma, intervalMs: 150, logger });
    try {
      await expect.poll(() => logged).toEqual([`cleanup: removed 1 empty conversation(s) older than 24 hours: ${old.id}`]);
      const later = await emptyConversation(25);
      await expect.poll(() => logged.at(-1)).toBe(`cleanup: removed 1 empty conversation(s) older than 24 hours: ${later.id}`);
    } finally {
      await schedule.stop();
    }
    const remaining = await db.prisma.chatSession.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    expect(remaining.map((s) => s.id)).toEqual([recent.id, kept.id]);
    const afterStop = await emptyConversation(26);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await db.prisma.chatSession.count({ where: { id: afterStop.id } })).toBe(1);
    expect(logged).toHaveLength(2);
  });
});

describe("PARLEY_CLEANUP_INTERVAL_MINUTES", () => {
  it("defaults to hourly, takes minutes, and `off` or 0 turns the cleanup off", () => {
    expect(readEnv({}).PARLEY_CLEANUP_INTERVAL_MINUTES).toBe(60);
    expect(readEnv({ PARLEY_CLEANUP_INTERVAL_MINUTES: "15" }).PARLEY_CLEANUP_INTERVAL_MINUTES).toBe(15);
    expect(readEnv({ PARLEY_CLEANUP_INTERVAL_MINUTES: "off" }).PARLEY_CLEANUP_INTERVAL_MINUTES).toBeNull();
    expect(readEnv({ PARLEY_CLEANUP_INTERVAL_MINUTES: "0" }).PARLEY_CLEANUP_INTERVAL_MINUTES).toBeNull();
    expect(() => readEnv({ PARLEY_CLEANUP_INTERVAL_MINUTES: "hourly" })).toThrow(/PARLEY_CLEANUP_INTERVAL_MINUTES/);
  });
});
