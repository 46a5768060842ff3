import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScriptedOpenAI, type ScriptedOpenAI } from "./index.js";
import { clientFor, collect, contentOf, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

function ask(client: OpenAI) {
  return client.chat.completions.create({ model: "m", messages: USER_HELLO });
}

function askStreaming(client: OpenAI) {
  return client.chat.completions.create({ model: "m", messages: USER_HELLO, stream: true });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the request to fail"),
    (error: unknown) => error,
  );
}

describe("HTTP errors", () => {
  it("429 surfaces as RateLimitError with retry-after visible", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterSeconds: 7 });
    const error = await failure(askStreaming(clientFor(server)));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    if (!(error instanceof OpenAI.RateLimitError)) return;
    expect(error.status).toBe(429);
    expect(error.headers.get("retry-after")).toBe("7");
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.type).toBe("requests");
    expect(error.requestID).toMatch(/^req_/);
    expect(error.error).toMatchObject({ message: expect.stringContaining("Rate limit"), param: null });
  });

  it("the SDK's own retry succeeds once the next queued reply is OK", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterMs: 20 }, { kind: "text", text: "second time lucky" });
    const stream = await askStreaming(clientFor(server, { maxRetries: 1 }));
    expect(contentOf(await collect(stream))).toBe("second time lucky");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers["x-stainless-retry-count"]).toBe("1");
  });

  it("500 and 503 surface as InternalServerError", async () => {
    server.enqueue({ kind: "error", status: 500 }, { kind: "error", status: 503, message: "overloaded" });
    const first = await failure(ask(clientFor(server)));
    expect(first).toBeInstanceOf(OpenAI.InternalServerError);
    expect(first).toMatchObject({ status: 500, type: "server_error" });
    const second = await failure(askStreaming(clientFor(server)));
    expect(second).toBeInstanceOf(OpenAI.InternalServerError);
    expect(second).toMatchObject({ status: 503, message: "503 overloaded" });
  });

  it("uses a custom type, code and extra headers", async () => {
    server.enqueue({ kind: "error", status: 400, message: "too long", code: "context_length_exceeded", headers: { "x-extra": "1" } });
    const error = await failure(ask(clientFor(server)));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ code: "context_length_exceeded", type: "invalid_request_error" });
    if (error instanceof OpenAI.APIError) expect(error.headers.get("x-extra")).toBe("1");
  });
});

describe("setup mistakes fail fast", () => {
  it("answers an unscripted request with a 500 the SDK does not retry", async () => {
    const error = await failure(ask(clientFor(server, { maxRetries: 2 })));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(String(error)).toContain("no reply queued");
    expect(server.requests).toHaveLength(1);
  });

  it("reports a responder that throws", async () => {
    server.setResponder(() => {
      throw new Error("script bug");
    });
    const error = await failure(ask(clientFor(server, { maxRetries: 2 })));
    expect(String(error)).toContain("script bug");
    expect(server.requests).toHaveLength(1);
  });
});

describe("request validation and routing", () => {
  it("rejects a body without messages the way the real API does", async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Missing required parameter: 'messages'.",
        type: "invalid_request_error",
        param: null,
        code: "missing_required_parameter",
      },
    });
  });

  it("answers unknown paths with 404 Invalid URL", async () => {
    const error = await failure(clientFor(server).embeddings.create({ model: "m", input: "x" }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(String(error)).toContain("Invalid URL (POST /v1/embeddings)");
  });

  it("requires the configured API key", async () => {
    const guarded = await startScriptedOpenAI({ apiKey: "sk-right" });
    try {
      guarded.enqueue({ kind: "text", text: "welcome" });
      const error = await failure(ask(clientFor(guarded)));
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ code: "invalid_api_key" });
      const ok = await ask(clientFor(guarded, { apiKey: "sk-right" }));
      expect(ok.choices[0]?.message.content).toBe("welcome");
    } finally {
      await guarded.close();
    }
  });
});
