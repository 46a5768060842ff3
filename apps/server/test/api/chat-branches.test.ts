import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, type ApiClient, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// Regenerate, edit and switch against the real server and the real `openai` SDK: the provider is
// told exactly the shown branch, pages show it, and the send rules hold on every branch.

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

/** What the provider was told last, without the system prompt. */
function lastToldHistory() {
  const request = provider.streamRequests().at(-1);
  const messages = (request?.body as { messages: Array<{ role: string; content: string }> }).messages;
  return messages.slice(1).map((m) => `${m.role}:${m.content}`);
}

async function reply(api: ApiClient, sessionId: number, replyId: number, text: string) {
  provider.replies.push({ kind: "text", text });
  return collectStream(api, { sessionId, replyId });
}

async function page(api: ApiClient, sessionId: number) {
  const { messages } = await api.sessions.messages.query({ sessionId, limit: 50 });
  return messages.map((m) => ({ text: `${m.role}:${m.content}`, versions: m.versionIds.length }));
}

/** A conversation of q1/a1, q2/a2. */
async function twoExchanges(api: ApiClient) {
  provider.replies.push({ kind: "text", text: "a1" });
  const first = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "q1" });
  const sessionId = first.session.id;
  await collectStream(api, { sessionId, replyId: first.reply?.messageId });
  provider.replies.push({ kind: "text", text: "a2" });
  const second = await api.chat.send.mutate({ target: { sessionId }, content: "q2" });
  await collectStream(api, { sessionId, replyId: second.reply?.messageId });
  return { sessionId, q1: first.message.id, a1: first.reply?.messageId ?? -1, q2: second.message.id, a2: second.reply?.messageId ?? -1 };
}

describe("branches", () => {
  it("regenerates a reply as a new version, told only the branch before it, and switches back", async () => {
    const { api } = await server.signUp();
    const c = await twoExchanges(api);
    const regenerated = await api.chat.regenerate.mutate({ messageId: c.a2 });
    expect(regenerated.message).toMatchObject({ parentId: c.q2, versionIds: [c.a2, regenerated.reply.messageId], status: "streaming" });
    expect((await reply(api, c.sessionId, regenerated.reply.messageId, "a2 again")).text).toBe("a2 again");
    expect(lastToldHistory()).toEqual(["user:q1", "assistant:a1", "user:q2"]);
    expect(await page(api, c.sessionId)).toEqual([
      { text: "user:q1", versions: 1 },
      { text: "assistant:a1", versions: 1 },
      { text: "user:q2", versions: 1 },
      { text: "assistant:a2 again", versions: 2 },
    ]);
    // A version not shown is still readable by its id.
    const hidden = await api.sessions.messages.query({ sessionId: c.sessionId, through: c.a2, limit: 1 });
    expect(hidden.messages.map((m) => m.content)).toEqual(["a2"]);

    const shown = await api.chat.switchBranch.mutate({ messageId: c.a2 });
    expect(shown).toEqual({ sessionId: c.sessionId, leafId: c.a2 });
    expect((await page(api, c.sessionId)).at(-1)).toEqual({ text: "assistant:a2", versions: 2 });
    provider.replies.push({ kind: "text", text: "a3" });
    const third = await api.chat.send.mutate({ target: { sessionId: c.sessionId }, content: "q3" });
    await collectStream(api, { sessionId: c.sessionId, replyId: third.reply?.messageId });
    expect(lastToldHistory()).toEqual(["user:q1", "assistant:a1", "user:q2", "assistant:a2", "user:q3"]);
    expect(third.message.parentId).toBe(c.a2);
  });

  it("edits a question into a new branch answered afresh, the first one included", async () => {
    const { api } = await server.signUp();
    const c = await twoExchanges(api);
    const edited = await api.chat.edit.mutate({ messageId: c.q2, content: "q2 edited" });
    expect(edited.message).toMatchObject({ parentId: c.a1, content: "q2 edited", versionIds: [c.q2, edited.message.id] });
    await reply(api, c.sessionId, edited.reply.messageId, "fresh");
    expect(lastToldHistory()).toEqual(["user:q1", "assistant:a1", "user:q2 edited"]);
    expect((await page(api, c.sessionId)).map((m) => m.text)).toEqual(["user:q1", "assistant:a1", "user:q2 edited", "assistant:fresh"]);

    const root = await api.chat.edit.mutate({ messageId: c.q1, content: "q1 edited" });
    expect(root.message).toMatchObject({ parentId: null, versionIds: [c.q1, root.message.id] });
    await reply(api, c.sessionId, root.reply.messageId, "new start");
    expect(lastToldHistory()).toEqual(["user:q1 edited"]);
    // Switching to the old first question shows the branch through it written last.
    await api.chat.switchBranch.mutate({ messageId: c.q1 });
    expect((await page(api, c.sessionId)).map((m) => m.text)).toEqual(["user:q1", "assistant:a1", "user:q2 edited", "assistant:fresh"]);
    const older = await api.sessions.messages.query({ sessionId: c.sessionId, limit: 2 });
    expect(older.hasOlder).toBe(true);
    const before = await api.sessions.messages.query({ sessionId: c.sessionId, limit: 2, before: older.messages[0]?.id ?? -1 });
    expect(before.messages.map((m) => m.content)).toEqual(["q1", "a1"]);
    expect(before.hasOlder).toBe(false);
  });

  it("refuses an edit, a regenerate or a switch while a reply is being written, and changes nothing", async () => {
    const { api } = await server.signUp();
    const c = await twoExchanges(api);
    provider.replies.push({ kind: "text", text: "slow ".repeat(60), chunkSize: 5, delayMs: 20 });
    const third = await api.chat.send.mutate({ target: { sessionId: c.sessionId }, content: "q3" });
    for (const attempt of [
      api.chat.edit.mutate({ messageId: c.q2, content: "changed" }),
      api.chat.regenerate.mutate({ messageId: c.a1 }),
      api.chat.switchBranch.mutate({ messageId: c.a1 }),
    ]) {
      const failure = await failureOf(attempt);
      expect(failure).toMatchObject({ code: "CONFLICT", appCode: "REPLY_IN_PROGRESS" });
      expect(failure.message).toMatch(/reply is still being written/);
    }
    await collectStream(api, { sessionId: c.sessionId, replyId: third.reply?.messageId });
    expect((await page(api, c.sessionId)).map((m) => m.versions)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("gives the same NOT_FOUND for someone else's message, and says what a message cannot do", async () => {
    const { api } = await server.signUp();
    const c = await twoExchanges(api);
    const other = await server.signUp();
    // One at a time: a call made before the previous one is awaited would reject unobserved.
    for (const attempt of [
      () => other.api.chat.regenerate.mutate({ messageId: c.a1 }),
      () => other.api.chat.edit.mutate({ messageId: c.q1, content: "mine now" }),
      () => other.api.chat.switchBranch.mutate({ messageId: c.a1 }),
      () => api.chat.regenerate.mutate({ messageId: 2_147_483_000 }),
    ]) {
      expect(await failureOf(attempt())).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await failureOf(api.chat.regenerate.mutate({ messageId: c.q1 }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failureOf(api.chat.edit.mutate({ messageId: c.a1, content: "x" }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failureOf(api.chat.edit.mutate({ messageId: c.q1, content: "   " }))).toMatchObject({ code: "BAD_REQUEST" });
    // A retry is for the shown branch's last reply only.
    provider.replies.push({ kind: "error", status: 400, message: "refused" });
    const failed = await api.chat.regenerate.mutate({ messageId: c.a2 });
    await collectStream(api, { sessionId: c.sessionId, replyId: failed.reply.messageId });
    await api.chat.switchBranch.mutate({ messageId: c.a2 });
    expect(await failureOf(api.chat.retry.mutate({ messageId: failed.reply.messageId }))).toMatchObject({ appCode: "INVALID_INPUT" });
    await api.chat.switchBranch.mutate({ messageId: failed.reply.messageId });
    const retried = await api.chat.retry.mutate({ messageId: failed.reply.messageId });
    expect((await reply(api, c.sessionId, retried.reply.messageId, "now it works")).done?.status).toBe("complete");
    expect(lastToldHistory()).toEqual(["user:q1", "assistant:a1", "user:q2"]);
  });
});
