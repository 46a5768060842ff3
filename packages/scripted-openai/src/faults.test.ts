import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startScriptedOpenAI, type ScriptedOpenAI } from "./index.js";
import { clientFor, collectUntilError, contentOf, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

function streamRequest(client: OpenAI = clientFor(server), options: OpenAI.RequestOptions = {}) {
  return client.chat.completions.create({ model: "m", messages: USER_HELLO, stream: true }, options);
}

describe("disconnect", () => {
  it("cuts the socket mid-stream and the SDK iteration throws", async () => {
    server.enqueue({ kind: "disconnect", afterChunks: 2, text: "abcdefgh", chunkSize: 2 });
    const { chunks, error } = await collectUntilError(await streamRequest());
    expect(contentOf(chunks)).toBe("abcd");
    expect(error).toBeInstanceOf(Error);
    expect(server.requests[0]?.closedByClient).toBe(false);
  });

  it("without afterChunks drops the connection before any response", async () => {
    server.enqueue({ kind: "disconnect" });
    await expect(streamRequest()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe("hang", () => {
  it("never answers, and the SDK's timeout cuts it", async () => {
    server.enqueue({ kind: "hang" });
    const client = clientFor(server, { timeout: 150 });
    await expect(client.chat.completions.create({ model: "m", messages: USER_HELLO })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    await vi.waitFor(() => expect(server.requests[0]?.closedByClient).toBe(true));
  });

  it("with afterChunks streams some chunks, then hangs until the client aborts", async () => {
    server.enqueue({ kind: "hang", afterChunks: 2, text: ["one ", "two ", "three"] });
    const abort = new AbortController();
    const stream = await streamRequest(clientFor(server), { signal: abort.signal });
    const received: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) received.push(content);
      if (received.length === 2) abort.abort();
    }
    expect(received).toEqual(["one ", "two "]);
    await vi.waitFor(() => expect(server.requests[0]?.closedByClient).toBe(true));
  });
});

describe("end-early", () => {
  it("ends the stream cleanly without a finish_reason or [DONE], and the SDK iteration just stops", async () => {
    server.enqueue({ kind: "end-early", afterChunks: 2, text: "abcdefgh", chunkSize: 2 });
    const { chunks, error } = await collectUntilError(await streamRequest());
    expect(contentOf(chunks)).toBe("abcd");
    expect(error).toBeUndefined();
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });
});

describe("in-stream error", () => {
  it("sends an error event after some chunks and the SDK throws APIError", async () => {
    server.enqueue({ kind: "stream-error", afterChunks: 1, text: ["partial", " never"], message: "generation failed" });
    const { chunks, error } = await collectUntilError(await streamRequest());
    expect(contentOf(chunks)).toBe("partial");
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String(error)).toContain("generation failed");
  });

  it("is a 500 for non-streaming requests", async () => {
    server.enqueue({ kind: "stream-error", message: "generation failed" });
    await expect(clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });
});

describe("close", () => {
  it("ends hung and streaming requests at once", async () => {
    server.enqueue({ kind: "hang" }, { kind: "hang", afterChunks: 1, text: "x" }, { kind: "text", text: "slow", delayMs: 10_000 });
    const client = clientFor(server);
    const hung = client.chat.completions.create({ model: "m", messages: USER_HELLO });
    const hungStream = streamRequest(client).then(collectUntilError);
    const slow = streamRequest(client).then(collectUntilError);
    await server.waitForRequest(2);

    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(hung).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect((await hungStream).error).toBeInstanceOf(Error);
    expect((await slow).error).toBeInstanceOf(Error);
  });

  it("is idempotent", async () => {
    await server.close();
    await server.close();
  });
});
