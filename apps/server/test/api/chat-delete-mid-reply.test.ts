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
    const watching = viewers.map((viewer) =>
      collectStream(viewer, { sessionId }, (event) => event.type === "conversation_deleted" || event.type === "done"),
    );
    await collectStream(api, { sessionId }, (_event, collected) => collected.text.length > 20);

    const deletedAt = performance.now();
    await api.sessions.delete.mutate({ sessionId });
    for (const seen of await Promise.all(watching)) {
      expect(seen.events.at(-1)?.event).toEqual({ type: "conversation_deleted", sessionId });
      expect(seen.done).toBeUndefined();
    }
    expect(performance.now() - deletedAt).toBeLessThan(5_000);
    // The provider request was cut, the engine holds nothing, and nothing of it is stored.
    await expect.poll(() => server.chat.activeReplies()).toBe(0);
    await expect.poll(() => provider.streamRequests().at(-1)?.closedByClient).toBe(true);
    expect(await server.database.prisma.chatMessage.count({ where: { sessionId } })).toBe(0);
  });
});
