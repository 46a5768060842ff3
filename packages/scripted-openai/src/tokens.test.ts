import { once } from "node:events";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { startScriptedOpenAI, type RecordedRequest, type ScriptedOpenAI } from "./index.js";
import { clientFor, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI | undefined;

/** A raw HTTP client, so the test controls exactly when the body is read. */
function postStream(target: ScriptedOpenAI): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${target.url}/chat/completions`,
      { method: "POST", headers: { "content-type": "application/json" } },
      resolve,
    );
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify({ model: "m", messages: USER_HELLO, stream: true }));
  });
}

describe("tokens (benchmark mode)", () => {
  it("streams exactly `count` content chunks, then finish and usage", async () => {
    const firstChunks: [RecordedRequest, bigint][] = [];
    server = await startScriptedOpenAI({ onFirstChunk: (request, at) => void firstChunks.push([request, at]) });
    server.enqueue({ kind: "tokens", count: 10_000, tokenText: "é" });
    const stream = await clientFor(server).chat.completions.create({
      model: "m",
      messages: USER_HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    let contentChunks = 0;
    let text = "";
    let firstSeenAt: bigint | undefined;
    let finishReason: string | null | undefined;
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        firstSeenAt ??= process.hrtime.bigint();
        contentChunks++;
        text += content;
      }
      finishReason ??= chunk.choices[0]?.finish_reason;
      completionTokens ??= chunk.usage?.completion_tokens;
    }
    expect(contentChunks).toBe(10_000);
    expect(text).toBe("é".repeat(10_000));
    expect(finishReason).toBe("stop");
    expect(completionTokens).toBe(10_000);

    const writtenAt = server.requests[0]?.firstChunkAt;
    expect(firstChunks).toEqual([[server.requests[0], writtenAt]]);
    expect(writtenAt).toBeDefined();
    expect(firstSeenAt).toBeDefined();
    if (writtenAt !== undefined && firstSeenAt !== undefined) expect(firstSeenAt > writtenAt).toBe(true);
  });

  it("waits for a slow reader instead of buffering the whole reply", async () => {
    server = await startScriptedOpenAI();
    server.enqueue({ kind: "tokens", count: 200_000, batchSize: 256 });
    const response = await postStream(server);
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // ~40 MB of chunks: a server ignoring backpressure would have queued it all and ended by now.
    expect(server.requests[0]?.replyEndedAt).toBeUndefined();

    let bytes = 0;
    response.on("data", (data: Buffer) => void (bytes += data.length));
    response.resume();
    await once(response, "end");
    expect(bytes).toBeGreaterThan(30_000_000);
    expect(server.requests[0]?.replyEndedAt).toBeDefined();
  });

  it("answers a non-streaming request with the whole text", async () => {
    server = await startScriptedOpenAI();
    server.enqueue({ kind: "tokens", count: 3, tokenText: "ab" });
    const completion = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO });
    expect(completion.choices[0]?.message.content).toBe("ababab");
    expect(completion.usage?.completion_tokens).toBe(3);
  });
});

describe("paced tokens (benchmark mode at a model's pace)", () => {
  it("streams `count` tokens, each asked for as it is written, no faster than the pace allows", async () => {
    server = await startScriptedOpenAI();
    const asked: number[] = [];
    server.enqueue({
      kind: "paced-tokens",
      count: 20,
      tokensPerSecond: 200,
      jitter: 0.5,
      tokenText: (index) => (asked.push(index), ` t${index}`),
    });
    const startedAt = performance.now();
    const stream = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    // 19 gaps of 5 ms ± 50 %: at least 19 × 2.5 ms.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(47);
    expect(text).toBe(Array.from({ length: 20 }, (_, i) => ` t${i}`).join(""));
    expect(asked).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("answers a non-streaming request with a 400", async () => {
    server = await startScriptedOpenAI();
    server.enqueue({ kind: "paced-tokens", count: 3, tokensPerSecond: 40, tokenText: () => "x" });
    await expect(clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO })).rejects.toMatchObject({ status: 400 });
  });
});
