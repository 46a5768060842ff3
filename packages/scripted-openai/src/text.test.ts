import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScriptedOpenAI, type ScriptedOpenAI } from "./index.js";
import { clientFor, collect, contentOf, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

function isCompleteUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const MULTI_BYTE = "Café ☕ déjà vu — 東京は晴れ 🌤️ 👨‍👩‍👧 ok";

describe("streaming text", () => {
  it("sends protocol-shaped chunks that reassemble to the text", async () => {
    server.enqueue({ kind: "text", text: "Hello there, world", chunkSize: 5 });
    const stream = await clientFor(server).chat.completions.create({ model: "gpt-4o-mini", messages: USER_HELLO, stream: true });
    const chunks = await collect(stream);

    expect(contentOf(chunks)).toBe("Hello there, world");
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["", "Hello", " ther", "e, wo", "rld", undefined]);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ object: "chat.completion.chunk", model: "gpt-4o-mini", created: expect.any(Number) });
      expect(chunk.id).toMatch(/^chatcmpl-/);
      expect(chunk).not.toHaveProperty("usage");
    }
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ index: 0, delta: {}, finish_reason: "stop" });
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("sends explicit chunks verbatim and honours finishReason", async () => {
    server.enqueue({ kind: "text", text: ["a", "bc", "", "def"], finishReason: "length" });
    const stream = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
    const chunks = await collect(stream);
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual(["a", "bc", "", "def"]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });

  it("reassembles multi-byte characters cut across socket writes", async () => {
    server.enqueue({ kind: "text", text: MULTI_BYTE, chunkSize: 3, splitUtf8: true });
    const stream = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
    expect(contentOf(await collect(stream))).toBe(MULTI_BYTE);
  });

  it("really delivers reads that end inside a character", async () => {
    server.enqueue({ kind: "text", text: MULTI_BYTE, chunkSize: 3, splitUtf8: true });
    const response = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: USER_HELLO, stream: true }),
    });
    if (!response.body) throw new Error("no body");
    let cutReads = 0;
    for await (const bytes of response.body) {
      if (!isCompleteUtf8(bytes)) cutReads++;
    }
    expect(cutReads).toBeGreaterThan(3);
  });

  it("passes the SDK's strict accumulator (chat.completions.stream)", async () => {
    server.enqueue({ kind: "text", text: MULTI_BYTE, chunkSize: 1, splitUtf8: true });
    const runner = clientFor(server).chat.completions.stream({ model: "m", messages: USER_HELLO });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]?.message).toMatchObject({ role: "assistant", content: MULTI_BYTE });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("ends with a usage chunk when stream_options.include_usage is set", async () => {
    server.enqueue({ kind: "text", text: "abcdefgh", chunkSize: 2, usage: { prompt_tokens: 11 } });
    const stream = await clientFor(server).chat.completions.create({
      model: "m",
      messages: USER_HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(contentOf(chunks)).toBe("abcdefgh");
  });

  it("sends no usage at all with usage.omit, streamed or not, even when include_usage is set", async () => {
    server.enqueue({ kind: "text", text: "abcdefgh", chunkSize: 2, usage: { omit: true } });
    const stream = await clientFor(server).chat.completions.create({
      model: "m",
      messages: USER_HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    expect(chunks.every((chunk) => !("usage" in chunk))).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(contentOf(chunks)).toBe("abcdefgh");

    server.enqueue({ kind: "text", text: "whole", usage: { omit: true } });
    const completion = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO });
    expect(completion.choices[0]?.message.content).toBe("whole");
    expect(completion).not.toHaveProperty("usage");
  });

  it("paces chunks with firstChunkDelayMs and delayMs", async () => {
    server.enqueue({ kind: "text", text: ["a", "b", "c"], firstChunkDelayMs: 60, delayMs: 30 });
    const started = performance.now();
    const stream = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - started);
    }
    expect(arrivals[0]).toBeGreaterThanOrEqual(55);
    expect((arrivals[2] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(55);
  });
});

describe("non-streaming text", () => {
  it("returns a chat.completion with the whole text and usage", async () => {
    server.enqueue({ kind: "text", text: MULTI_BYTE, chunkSize: 4 });
    const completion = await clientFor(server).chat.completions.create({ model: "gpt-4o", messages: USER_HELLO });
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: MULTI_BYTE, refusal: null } }],
    });
    const expectedChunks = Math.ceil(Array.from(MULTI_BYTE).length / 4);
    expect(completion.usage?.completion_tokens).toBe(expectedChunks);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + expectedChunks);
  });
});
