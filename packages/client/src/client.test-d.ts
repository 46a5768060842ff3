// Type tests: `vitest` checks this file with tsc (typecheck.enabled in vitest.config.ts), and so
// does `pnpm typecheck`. The assertions are about inference; nothing here runs.
import type { ChatEvent as ApiChatEvent } from "@parley/api";
import { describe, expectTypeOf, it } from "vitest";
import WebSocket from "ws";
import { createParleyClient, type ChatEvent, type ReplyEvent, type RouterInputs, type RouterOutputs } from "./index.js";

const client = createParleyClient({ url: "http://127.0.0.1:3000", getToken: () => null, WebSocket });

describe("procedures", () => {
  it("infer inputs and outputs from the router, for every domain", () => {
    expectTypeOf(client.auth.signIn.mutate).parameter(0).toEqualTypeOf<{ email: string; password: string }>();
    expectTypeOf(client.auth.me.query).returns.resolves.toEqualTypeOf<RouterOutputs["auth"]["me"]>();
    expectTypeOf(client.auth.me.query).returns.resolves.toHaveProperty("role").toEqualTypeOf<"user" | "admin">();
    expectTypeOf(client.models.list.query).returns.resolves.items.toHaveProperty("id").toBeNumber();
    expectTypeOf(client.models.get.query).parameter(0).toEqualTypeOf<{ modelId: number }>();
    expectTypeOf(client.runs.list.query).returns.resolves.toEqualTypeOf<RouterOutputs["runs"]["list"]>();
    expectTypeOf(client.sessions.list.query)
      .returns.resolves.toHaveProperty("items")
      .items.toHaveProperty("modelName")
      .toEqualTypeOf<string | null>();
    expectTypeOf(client.sessions.delete.mutate).returns.resolves.toEqualTypeOf<{
      id: number;
      deleted: true;
      undoId: string;
      undoUntil: string;
    }>();
    expectTypeOf(client.chat.stop.mutate).returns.resolves.toEqualTypeOf<{ stopped: boolean }>();
    expectTypeOf(client.chat.status.query).returns.resolves.toEqualTypeOf<{ offline: boolean; provider: string; chatModel: string }>();
    expectTypeOf(client.admin.usageStats.query).returns.resolves.toHaveProperty("tokens").toHaveProperty("total").toBeNumber();
  });

  it("knows the send input's shape: a conversation, or a context with an idempotency key", () => {
    type Target = RouterInputs["chat"]["send"]["target"];
    expectTypeOf<{ sessionId: number }>().toExtend<Target>();
    expectTypeOf<{ context: { kind: "run"; modelId: number; runId: number }; idempotencyKey: string }>().toExtend<Target>();
    expectTypeOf(client.chat.send.mutate).returns.resolves.toHaveProperty("reply").toEqualTypeOf<{ messageId: number } | null>();
  });

  it("takes a fill batch as the schema's input: defaults optional, required fields required", () => {
    type Fill = RouterInputs["runs"]["appendFills"]["fills"][number];
    expectTypeOf<{
      fillId: string;
      executedAt: string;
      symbol: string;
      side: "buy";
      quantity: number;
      price: number;
      orderType: "market";
    }>().toExtend<Fill>();
    expectTypeOf<Fill["assetType"]>().toEqualTypeOf<"stock" | "option" | "future" | "crypto" | "forex" | undefined>();
    expectTypeOf<{ fillId: string; symbol: string }>().not.toExtend<Fill>();
    expectTypeOf(client.runs.appendFills.mutate).returns.resolves.toHaveProperty("duplicates").toBeNumber();
  });

  it("types the subscription's events as the ChatEvent union, with their ids", () => {
    client.chat.stream.subscribe(
      { sessionId: 1, lastEventId: "abc-1" },
      {
        onData: (tracked) => {
          expectTypeOf(tracked.id).toBeString();
          expectTypeOf(tracked.data).toEqualTypeOf<ChatEvent>();
        },
      },
    );
    // ChatEvent is read off the router's output: it must stay the API's own event type.
    expectTypeOf<ChatEvent>().toEqualTypeOf<ApiChatEvent>();
  });
});

describe("chat.sendAndStream", () => {
  it("yields the reply's events, narrowed by their type", async () => {
    const stream = client.chat.sendAndStream({ target: { sessionId: 1 }, content: "hello" });
    expectTypeOf(stream.sent).resolves.toEqualTypeOf<RouterOutputs["chat"]["send"]>();
    expectTypeOf(stream.stop).returns.resolves.toBeBoolean();
    for await (const event of stream) {
      expectTypeOf(event).toEqualTypeOf<ReplyEvent>();
      if (event.type === "delta") expectTypeOf(event.text).toBeString();
      if (event.type === "done") {
        expectTypeOf(event.status).toEqualTypeOf<"complete" | "stopped" | "failed" | "interrupted">();
        expectTypeOf(event.usage).toEqualTypeOf<{ promptTokens: number; completionTokens: number } | null>();
      }
    }
    expectTypeOf<ReplyEvent["type"]>().toEqualTypeOf<
      | "reply_started"
      | "delta"
      | "tool_call"
      | "tool_result"
      | "error"
      | "provider_slow"
      | "title"
      | "summary"
      | "conversation_deleted"
      | "done"
    >();
  });
});

describe("wrong input does not compile", () => {
  it("refuses bad shapes, missing fields and unknown procedures", () => {
    // @ts-expect-error content is a string
    void client.chat.send.mutate({ target: { sessionId: 1 }, content: 42 });
    // @ts-expect-error a run context needs its runId
    void client.sessions.startNew.mutate({ context: { kind: "run", modelId: 1 } });
    // @ts-expect-error sendAndStream needs a target
    void client.chat.sendAndStream({ content: "hi" });
    // @ts-expect-error ids are numbers
    void client.sessions.get.query({ sessionId: "12" });
    // @ts-expect-error no such procedure
    void client.chat.sned;
    // @ts-expect-error a query is not a mutation
    void client.models.list.mutate();
    // @ts-expect-error the token source returns a string, not a number
    createParleyClient({ url: "http://x", getToken: () => 1 });
    // @ts-expect-error a key or a token source, not both
    createParleyClient({ url: "http://x", apiKey: "pk_x", getToken: () => null });
  });

  it("makes a signed-out client from a URL alone (sign-up, sign-in, shared conversations)", () => {
    expectTypeOf(createParleyClient({ url: "http://x" }).auth.signIn.mutate).toBeFunction();
  });
});
