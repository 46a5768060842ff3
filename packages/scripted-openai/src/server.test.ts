import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startScriptedOpenAI, type ScriptedOpenAI } from "./index.js";
import { clientFor, collect, contentOf, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI({ models: ["gpt-4o-mini", "gpt-4o"] });
});
afterEach(() => server.close());

describe("models", () => {
  it("lists and retrieves the configured models", async () => {
    const client = clientFor(server);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["gpt-4o-mini", "gpt-4o"]);
    expect(await client.models.retrieve("gpt-4o")).toMatchObject({ id: "gpt-4o", object: "model" });
    await expect(client.models.retrieve("gpt-5-nope")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("recorded requests", () => {
  it("holds method, path, headers and the parsed body", async () => {
    server.enqueue({ kind: "text", text: "ok" });
    const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object" } } }];
    const messages = [
      { role: "system" as const, content: "Be brief." },
      { role: "user" as const, content: "Grüße 👋" },
    ];
    await clientFor(server, { apiKey: "sk-seen" }).chat.completions.create({ model: "gpt-4o", messages, tools, temperature: 0.2 });

    const [request] = server.requests;
    expect(request).toMatchObject({ index: 0, method: "POST", path: "/v1/chat/completions", closedByClient: false });
    expect(request?.headers.authorization).toBe("Bearer sk-seen");
    expect(request?.body).toMatchObject({ model: "gpt-4o", messages, tools, temperature: 0.2 });
    expect(request?.replyEndedAt).toBeGreaterThan(request?.receivedAt ?? 0n);
  });

  it("waitForRequest resolves when the request arrives; reset forgets everything", async () => {
    server.enqueue({ kind: "text", text: "late", firstChunkDelayMs: 20 });
    const arrived = server.waitForRequest(0);
    const answer = clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO });
    expect((await arrived).path).toBe("/v1/chat/completions");
    await answer;
    server.enqueue({ kind: "text", text: "unused" });
    server.reset();
    expect(server.requests).toHaveLength(0);
    await expect(clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO })).rejects.toThrow("no reply queued");
  });
});

describe("queue and responder", () => {
  it("consumes queued replies in order, then falls back to the responder", async () => {
    const respond = vi.fn(() => ({ kind: "text" as const, text: "from responder" }));
    server.setResponder(respond);
    server.enqueue({ kind: "text", text: "first" }, { kind: "text", text: "second" });
    const client = clientFor(server);
    const texts: string[] = [];
    for (let turn = 0; turn < 3; turn++) {
      const stream = await client.chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
      texts.push(contentOf(await collect(stream)));
    }
    expect(texts).toEqual(["first", "second", "from responder"]);
    expect(respond).toHaveBeenCalledOnce();
    expect(respond.mock.calls[0]).toEqual([server.requests[2]]);
  });

  it("accepts async responders", async () => {
    server.setResponder(async (request) => ({ kind: "text", text: `model was ${request.body.model}` }));
    const completion = await clientFor(server).chat.completions.create({ model: "gpt-4o", messages: USER_HELLO });
    expect(completion.choices[0]?.message.content).toBe("model was gpt-4o");
  });
});

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith("TCP")).length;
}

describe("close", () => {
  it("leaves no sockets or servers open, even after keep-alive and hung requests", async () => {
    await server.close();
    // Also proves the earlier tests' servers and their clients' keep-alive sockets are gone.
    await vi.waitFor(() => expect(openSockets()).toBe(0));
    const busy = await startScriptedOpenAI();
    busy.enqueue({ kind: "text", text: "done" }, { kind: "hang", afterChunks: 1, text: "x" });
    const client = clientFor(busy);
    await client.chat.completions.create({ model: "m", messages: USER_HELLO });
    const hung = client.chat.completions.create({ model: "m", messages: USER_HELLO, stream: true }).then(collect);
    await busy.waitForRequest(1);
    expect(openSockets()).toBeGreaterThan(0);

    await busy.close();
    await expect(hung).rejects.toThrow();
    await vi.waitFor(() => expect(openSockets()).toBe(0));
  });
});
