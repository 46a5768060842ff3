import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 20 } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

describe("deleting a conversation while its reply is written", () => {
  it("stops the reply at once and tells every viewer the conversation was deleted", async () => {
    const { api, accessToken } = await server.signUp();
    // Forty seconds of reply if nothing stops it.
    provider.replies.push({ kind: "text", text: "word ".repeat(2_000), chunkSize: 5, delayMs: 20 });
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: `k${Date.now()}` }, content: "Go" });
    const sessionId = sent.session.id;
    // Two viewers on two sockets, as two tabs would be.
    const viewers = [api, server.client(accessToken)];
    const watching = viewers.map((viewer) => collectStream(viewer, { sessionId }, (event) => event.type === "conversation_deleted"));
    await collectStream(api, { sessionId }, (_event, collected) => collected.text.length > 20);

    const deletedAt = performance.now();
    await api.sessions.delete.mutate({ sessionId });
    for (const seen of await Promise.all(watching)) {
      // The last word is the deletion; the reply ended just before it, stopped.
      expect(seen.events.at(-1)?.event).toEqual({ type: "conversation_deleted", sessionId });
      if (seen.done) expect(seen.done).toMatchObject({ messageId: sent.reply?.messageId, status: "stopped" });
    }
    expect(performance.now() - deletedAt).toBeLessThan(5_000);
    // The provider request was cut and the engine holds nothing; the text so far is kept for an undo.
    await expect.poll(() => server.chat.activeReplies()).toBe(0);
    await expect.poll(() => provider.streamRequests().at(-1)?.closedByClient).toBe(true);
    const reply = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply.status).toBe("stopped");
    expect("word ".repeat(2_000).startsWith(reply.content)).toBe(true);
    expect(reply.content.length).toBeLessThan(10_000);
  });
});
