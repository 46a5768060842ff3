import { randomUUID } from "node:crypto";
import { createMemoryEventBus } from "@parley/api";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf } from "../harness.js";
import { startInProcessInstance } from "./in-process-instance.js";

// Two instances over one database: a link revoked (or expired) through one is gone at once on
// the other, for the API and for the shared page's HTTP status alike. Nothing is cached per
// instance; this test keeps it so.
let database: TestDatabase;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await database?.drop();
});

async function startInstance() {
  const instance = await startInProcessInstance(database, createMemoryEventBus(), closers);
  return {
    ...instance,
    async page(path: string) {
      const response = await fetch(instance.url + path);
      await response.text();
      return { status: response.status, robots: response.headers.get("x-robots-tag") };
    },
  };
}

describe("a share link across two instances", { timeout: 60_000 }, () => {
  it("is 404 on B, page and API, as soon as A revokes it or it expires", async () => {
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    const person = await a
      .client()
      .auth.signUp.mutate({ email: `share-${randomUUID()}@example.test`, password: "a good password", displayName: "P" });
    const owner = a.client(person.accessToken);
    const session = await owner.sessions.startNew.mutate({ context: { kind: "general" } });
    await database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: person.user.id, role: "user", content: "Shared words" },
    });

    const revoked = await owner.shares.create.mutate({ conversationId: session.id });
    expect(await b.page(`/s/${revoked.token}`)).toEqual({ status: 200, robots: "noindex, nofollow" });
    expect((await b.client().shares.view.query({ token: revoked.token })).messages.map((m) => m.content)).toEqual(["Shared words"]);
    await owner.shares.revoke.mutate({ shareId: revoked.share.id });
    for (const instance of [b, a]) {
      expect(await instance.page(`/s/${revoked.token}`)).toEqual({ status: 404, robots: "noindex, nofollow" });
      expect((await failureOf(instance.client().shares.view.query({ token: revoked.token }))).code).toBe("NOT_FOUND");
    }

    const expiring = await owner.shares.create.mutate({ conversationId: session.id, expiresInDays: 1 });
    expect((await b.page(`/s/${expiring.token}`)).status).toBe(200);
    await database.prisma.conversationShare.update({ where: { id: expiring.share.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await b.page(`/s/${expiring.token}`)).status).toBe(404);
    expect((await failureOf(b.client().shares.view.query({ token: expiring.token }))).code).toBe("NOT_FOUND");
  });

  it("answers unknown, oversized and malformed links with 404 or 400, never a 500", async () => {
    const [a] = await Promise.all([startInstance()]);
    expect((await a.page(`/s/${"x".repeat(43)}`)).status).toBe(404);
    expect((await a.page(`/s/${"x".repeat(5_000)}`)).status).toBe(404);
    expect((await a.page(`/s/%E0%A4%A`)).status).toBe(400);
    expect((await a.page(`/s/a%00b`)).status).toBe(404);
    expect((await a.page(`/c/12`)).status).toBe(200);
  });
});
