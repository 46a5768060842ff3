import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, MISSING_ID, modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 10 } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;
type WireMessage = { role: string; content: string | null };
const lastSystemPrompt = () => (provider.streamRequests().at(-1)?.body as { messages: WireMessage[] }).messages[0]?.content ?? "";

describe("configuration versions", () => {
  it("numbers every change, says who made it and what changed, and skips edits that change nothing", async () => {
    const { api, user } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    await api.models.update.mutate({ modelId: model.id, changes: { allowShorting: false } });
    await api.models.update.mutate({ modelId: model.id, changes: { allowShorting: false } });
    await api.models.update.mutate({ modelId: model.id, changes: { buyingPower: 10_000, allowedOrderTypes: ["market"] } });
    await api.models.delete.mutate({ modelId: model.id });
    const versions = await api.models.versions.query({ modelId: model.id });
    expect(versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(versions[2]).toMatchObject({ summary: "first version", changes: [], createdBy: { id: user.id } });
    expect(versions[1]?.summary).toBe("short selling allowed → not allowed");
    expect(versions[0]?.summary).toBe("buying power $50,000.00 → $10,000.00; allowed order types market, limit → market");
    expect(versions[0]?.config).toMatchObject({ buyingPower: 10_000, allowShorting: false, allowedOrderTypes: ["market"] });
  });

  it("keeps another user's history to them, and versions cannot be rewritten by the app's role", async () => {
    const owner = await server.signUp();
    const other = await server.signUp();
    const model = await owner.api.models.create.mutate(modelConfig);
    expect((await failureOf(other.api.models.versions.query({ modelId: model.id }))).appCode).toBe("NOT_FOUND");
    expect((await failureOf(owner.api.models.versions.query({ modelId: MISSING_ID }))).appCode).toBe("NOT_FOUND");
    const rewrite = server.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('role', 'parley_app', true), set_config('app.user_id', ${owner.user.id}, true)`;
      await tx.$executeRaw`UPDATE model_versions SET config = '{}' WHERE model_id = ${model.id}`;
    });
    await expect(rewrite).rejects.toThrow(/permission denied/);
  });

  it("records the version each reply was written with and tells the assistant of a change on the next turn", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    const ask = async (sessionId: number | null, content: string) => {
      provider.replies.push({ kind: "text", text: "noted" });
      const target = sessionId === null ? { context: { kind: "model" as const, modelId: model.id }, idempotencyKey: key() } : { sessionId };
      const sent = await api.chat.send.mutate({ target, content });
      await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
      return sent.session.id;
    };
    const sessionId = await ask(null, "Can this model short?");
    expect(lastSystemPrompt()).toContain("The configuration above is version 1.");
    expect(lastSystemPrompt()).not.toContain("changed since your previous reply");

    await api.models.update.mutate({ modelId: model.id, changes: { allowShorting: false } });
    await ask(sessionId, "And now?");
    expect(lastSystemPrompt()).toContain("- v1 → v2: short selling allowed → not allowed");
    expect(lastSystemPrompt()).toContain("Short selling: not allowed");

    await ask(sessionId, "Anything else?");
    expect(lastSystemPrompt()).not.toContain("changed since your previous reply");
    const page = await api.sessions.messages.query({ sessionId, limit: 10 });
    const replies = page.messages.filter((message) => message.role === "assistant");
    expect(replies.map((reply) => reply.modelVersion)).toEqual([1, 2, 2]);
  });
});
