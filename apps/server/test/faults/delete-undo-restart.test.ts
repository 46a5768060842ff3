import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf } from "../harness.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { signUpOn } from "./remote-client.js";

let deployment: Deployment;
beforeAll(async () => {
  deployment = await startDeployment({ respond: () => ({ kind: "text", text: "Noted, with a reply long enough to keep." }) });
});
afterAll(async () => {
  await deployment?.stop();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

/** Each conversation is whole (listed, every message there) or gone with every message: never between. */
async function stateOf(sessionId: number, messages: number) {
  const prisma = deployment.database.prisma;
  const row = await prisma.chatSession.findUnique({ where: { id: sessionId }, select: { deletedAt: true } });
  const stored = await prisma.chatMessage.count({ where: { sessionId } });
  if (!row) return stored === 0 ? "gone" : `half: ${stored} messages without their conversation`;
  if (stored !== messages) return `half: ${stored} of ${messages} messages`;
  return row.deletedAt ? "pending" : "whole";
}

describe("a server restart inside a delete's undo window", () => {
  it("completes the deletes whose window ended and cancels (undoes) the others, never leaving half of one", async () => {
    const first = await deployment.instance();
    const { accessToken } = await signUpOn(first.url);
    const api = deployment.client(first.url, accessToken);
    const sent = [];
    for (const content of ["kept by undo", "gone for good"]) {
      sent.push(await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content }));
    }
    const [kept, gone] = sent.map((one) => one.session.id);
    if (kept === undefined || gone === undefined) throw new Error("two conversations were sent");
    await expect
      .poll(() => api.sessions.messages.query({ sessionId: gone }).then((page) => page.messages.at(-1)?.status), { timeout: 20_000 })
      .toBe("complete");
    const undoKept = await api.sessions.delete.mutate({ sessionId: kept });
    const undoGone = await api.sessions.delete.mutate({ sessionId: gone });
    first.kill("SIGKILL");
    await first.exited;
    expect([await stateOf(kept, 2), await stateOf(gone, 2)]).toEqual(["pending", "pending"]);

    // While the server was down, one window ended; the other is still open (a slow machine
    // takes longer than ten seconds to start a server, so the clock is set rather than awaited).
    const prisma = deployment.database.prisma;
    await prisma.$executeRaw`UPDATE chat_sessions SET deleted_at = now() - interval '1 minute' WHERE id = ${gone}`;
    await prisma.$executeRaw`UPDATE session_undo_actions SET expires_at = now() - interval '1 second' WHERE id = ${undoGone.undoId}::uuid`;
    await prisma.$executeRaw`UPDATE chat_sessions SET deleted_at = now() + interval '10 minutes' WHERE id = ${kept}`;
    await prisma.$executeRaw`UPDATE session_undo_actions SET expires_at = now() + interval '10 minutes' WHERE id = ${undoKept.undoId}::uuid`;

    const second = await deployment.instance();
    const again = deployment.client(second.url, accessToken);
    // The purge at start-up finishes the delete whose window ended.
    await expect.poll(() => stateOf(gone, 2), { timeout: 20_000 }).toBe("gone");
    expect(await stateOf(kept, 2)).toBe("pending");
    expect((await again.sessions.list.query({})).items.map((item) => item.id)).toEqual([]);
    expect(await again.sessions.undo.mutate({ undoId: undoKept.undoId })).toEqual({ restored: [kept] });
    expect(await stateOf(kept, 2)).toBe("whole");
    expect((await again.sessions.list.query({})).items.map((item) => item.id)).toEqual([kept]);
    expect((await failureOf(again.sessions.undo.mutate({ undoId: undoGone.undoId }))).appCode).toBe("UNDO_EXPIRED");
    // Two server processes start in this test: seconds each on a loaded machine.
  }, 180_000);

  it("leaves no conversation half purged when the server is killed while purging at start-up", async () => {
    const prisma = deployment.database.prisma;
    const owner = await prisma.user.findFirstOrThrow({ select: { id: true } });
    const ids: number[] = [];
    for (let n = 0; n < 40; n++) {
      const session = await prisma.chatSession.create({ data: { userId: owner.id, sessionTitle: `purge ${n}`, isActive: false } });
      await prisma.chatMessage.createMany({
        data: Array.from({ length: 25 }, (_, i) => ({
          sessionId: session.id,
          userId: owner.id,
          role: i % 2 ? ("assistant" as const) : ("user" as const),
          content: `message ${i} `.repeat(40),
        })),
      });
      ids.push(session.id);
    }
    await prisma.$executeRaw`UPDATE chat_sessions SET deleted_at = now() - interval '1 minute' WHERE id = ANY(${ids})`;

    // Killed as soon as it listens: its start-up purge may be done, under way or not begun.
    const killed = await deployment.instance();
    killed.kill("SIGKILL");
    await killed.exited;
    const states = await Promise.all(ids.map((id) => stateOf(id, 25)));
    expect(states.filter((state) => state !== "gone" && state !== "pending")).toEqual([]);

    await deployment.instance();
    await expect
      .poll(async () => (await Promise.all(ids.map((id) => stateOf(id, 25)))).every((state) => state === "gone"), { timeout: 20_000 })
      .toBe(true);
  }, 180_000);
});
