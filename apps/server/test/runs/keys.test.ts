import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import type { ParleyClient } from "@parley/client";
import { fill, keyClient, refusal, userWithKey } from "./support.js";

/** What a watch of the run first gives: its figures, or its error. */
function firstOfWatch(program: ParleyClient, runId: number): Promise<unknown> {
  return new Promise((resolve) => {
    const subscription = program.runs.watch.subscribe(
      { runId },
      {
        onData: (figures) => {
          subscription.unsubscribe();
          resolve(figures);
        },
        onError: resolve,
      },
    );
  });
}

// API keys through the real server: what a key reaches, whose rows it reaches, and revocation.
describe.each(["postgres", "pglite"] as const)("API keys on %s", (driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver });
  });
  afterAll(async () => {
    await server.stop();
  });

  const runOf = (owner: Awaited<ReturnType<typeof userWithKey>>) =>
    owner.program.runs.create.mutate({
      modelId: owner.model.id,
      kind: "paper",
      startingCapital: 10_000,
      period: { start: "2026-03-01T00:00:00Z" },
    });

  it("shows the secret once, stores only its hash, and lists keys without it", async () => {
    const owner = await userWithKey(server);
    expect(owner.secret).toMatch(/^pk_[A-Za-z0-9_-]{40,}$/);
    const listed = await owner.api.keys.list.query();
    expect(listed).toEqual([
      expect.objectContaining({ id: owner.key.id, name: "trading engine", scopes: ["read", "runs:write"], revokedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(owner.secret.slice(10));
    const row = await server.database.prisma.apiKey.findUniqueOrThrow({ where: { id: owner.key.id } });
    expect(row.keyHash).not.toContain(owner.secret.slice(3));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    await owner.program.models.list.query();
    await expect.poll(async () => (await owner.api.keys.list.query())[0]?.lastUsedAt).not.toBeNull();
  });

  it("never reaches auth, admin, key management or conversations", async () => {
    const owner = await userWithKey(server);
    const calls = [
      () => owner.program.auth.me.query(),
      () => owner.program.admin.usageStats.query(),
      () => owner.program.keys.list.query(),
      () => owner.program.keys.create.mutate({ name: "more", scopes: ["read"] }),
      () => owner.program.sessions.list.query({ filter: { kind: "all" } }),
      () => owner.program.usage.mine.query(),
      () => owner.program.usage.conversation.query({ sessionId: 1 }),
    ];
    for (const call of calls) expect(await refusal(call())).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
  });

  it("a read key reads but cannot write", async () => {
    const owner = await userWithKey(server);
    const run = await runOf(owner);
    const reader = await owner.api.keys.create.mutate({ name: "dashboard", scopes: ["read"] });
    const program = keyClient(server, reader.secret);
    expect((await program.runs.get.query({ modelId: owner.model.id, runId: run.id })).id).toBe(run.id);
    const refused = await refusal(program.runs.appendFills.mutate({ runId: run.id, fills: [fill(1)] }));
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    expect(refused.message).toMatch(/runs:write/);
    expect(await refusal(program.runs.create.mutate({ modelId: owner.model.id, kind: "paper", startingCapital: 1 }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("another user's key can neither read nor write a run", async () => {
    const owner = await userWithKey(server);
    const stranger = await userWithKey(server);
    const run = await runOf(owner);
    const notFound = { code: "NOT_FOUND" };
    expect(await refusal(stranger.program.runs.get.query({ modelId: owner.model.id, runId: run.id }))).toMatchObject(notFound);
    expect(await refusal(stranger.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(1)] }))).toMatchObject(notFound);
    expect(
      await refusal(
        stranger.program.runs.recordMarks.mutate({ runId: run.id, marks: [{ symbol: "AAPL", at: "2026-03-02T00:00:00Z", price: 1 }] }),
      ),
    ).toMatchObject(notFound);
    expect(await refusal(stranger.program.runs.finish.mutate({ runId: run.id, status: "failed" }))).toMatchObject(notFound);
    expect(
      await refusal(stranger.program.runs.create.mutate({ modelId: owner.model.id, kind: "paper", startingCapital: 1 })),
    ).toMatchObject(notFound);
    expect(await firstOfWatch(stranger.program, run.id)).toMatchObject({ data: notFound });
    expect(await server.database.prisma.trade.count({ where: { runId: run.id } })).toBe(0);
  });

  it("refuses a revoked key on the next call, over HTTP and over the WebSocket", async () => {
    const owner = await userWithKey(server);
    const run = await runOf(owner);
    await owner.program.runs.get.query({ modelId: owner.model.id, runId: run.id });
    const revoked = await owner.api.keys.revoke.mutate({ keyId: owner.key.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await refusal(owner.program.runs.get.query({ modelId: owner.model.id, runId: run.id }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await firstOfWatch(owner.program, run.id)).toMatchObject({ data: { code: "UNAUTHORIZED" } });
    expect(await refusal(keyClient(server, "pk_made-up").models.list.query())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("names a key, at most 100 characters, with known scopes only", async () => {
    const owner = await userWithKey(server);
    expect(await refusal(owner.api.keys.create.mutate({ name: "", scopes: ["read"] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(owner.api.keys.create.mutate({ name: "x", scopes: [] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(owner.api.keys.create.mutate({ name: "x", scopes: ["admin" as "read"] }))).toMatchObject({ code: "BAD_REQUEST" });
    const stranger = await server.signUp();
    expect(await refusal(stranger.api.keys.revoke.mutate({ keyId: owner.key.id }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
