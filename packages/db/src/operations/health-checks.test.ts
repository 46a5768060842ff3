import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../seed/seed-demo-data.js";
import { createTestDatabase, plantHealthProblems, type TestDatabase } from "../testing/index.js";
import { deleteEmptyConversations } from "./empty-conversations.js";
import { runHealthChecks, type HealthReport } from "./health-checks.js";

let clean: TestDatabase;
let planted: TestDatabase;
let problems: Awaited<ReturnType<typeof plantHealthProblems>>;

beforeAll(async () => {
  [clean, planted] = await Promise.all([createTestDatabase({ poolMax: 2 }), createTestDatabase({ poolMax: 2 })]);
  problems = await plantHealthProblems(planted);
});
afterAll(async () => {
  await Promise.all([clean?.drop(), planted?.drop()]);
});

function found(report: HealthReport) {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.rows.length]));
}

const rowsOf = (report: HealthReport, id: string) => report.checks.find((c) => c.id === id)?.rows ?? [];

describe("health checks", () => {
  it("find nothing on an empty database, nor on the seeded demo", async () => {
    const empty = await runHealthChecks(clean.prisma);
    expect(empty.problems).toBe(0);
    expect(Object.values(found(empty)).every((n) => n === 0)).toBe(true);
    await seedDemoData(clean.prisma);
    const seeded = await runHealthChecks(clean.prisma);
    expect(found(seeded)).toEqual(found(empty));
  });

  it("find each planted problem, and only those", async () => {
    const report = await runHealthChecks(planted.prisma, { stuckAfterMinutes: 15 });
    expect(found(report)).toEqual({
      "multiple-active": 1,
      "orphaned-conversations": 1,
      "deleted-model-conversations": 1,
      "long-without-summary": 1,
      "empty-old-conversations": 1,
      "stuck-replies": 1,
    });
    // Notices (conversations of deleted models) are not problems.
    expect(report.problems).toBe(5);
    expect(rowsOf(report, "multiple-active")[0]).toMatchObject({
      modelId: problems.model.id,
      activeCount: 2,
      conversationIds: problems.twinActive.map((s) => s.id),
    });
    expect(rowsOf(report, "orphaned-conversations")[0]).toMatchObject({ id: problems.orphaned.id, modelName: null });
    expect(rowsOf(report, "deleted-model-conversations")[0]).toMatchObject({ id: problems.ofDeletedModel.id, messageCount: 2 });
    expect(rowsOf(report, "long-without-summary")[0]).toMatchObject({ id: problems.long.id, messageCount: 62 });
    expect(rowsOf(report, "empty-old-conversations")[0]).toMatchObject({ id: problems.emptyOld.id });
    expect(rowsOf(report, "stuck-replies")[0]).toMatchObject({ messageId: problems.stuck.id, minutes: 20 });
  });

  it("describe each row in words", async () => {
    const report = await runHealthChecks(planted.prisma);
    const lines = report.checks.flatMap((c) => c.lines);
    expect(lines).toContain(
      `user ${problems.user.id}, model ${problems.model.id} "Planted": 2 active (conversations ${problems.twinActive.map((s) => s.id).join(", ")})`,
    );
    expect(lines.find((l) => l.startsWith(`message ${problems.stuck.id} `))).toContain("20 minutes old");
  });

  it("count a reply as stuck only after the threshold", async () => {
    const report = await runHealthChecks(planted.prisma, { stuckAfterMinutes: 30 });
    expect(rowsOf(report, "stuck-replies")).toEqual([]);
  });
});

describe("deleting empty conversations", () => {
  it("removes only those older than 24 hours, and reports them", async () => {
    const before = await planted.prisma.chatSession.count();
    const removed = await deleteEmptyConversations(planted.prisma);
    expect(removed.map((r) => r.id)).toEqual([problems.emptyOld.id]);
    expect(removed[0]).toMatchObject({ userId: problems.user.id, modelId: null, isActive: false });
    expect(removed[0]?.createdAt).toBeInstanceOf(Date);
    expect(await planted.prisma.chatSession.count()).toBe(before - 1);
    const left = await planted.prisma.chatSession.findMany({
      where: { id: { in: [problems.emptyRecent.id, problems.oldWithMessages.id] } },
    });
    expect(left).toHaveLength(2);
    expect(await deleteEmptyConversations(planted.prisma)).toEqual([]);
  });
});
