import { describe, expect, it } from "vitest";
import { createReplyTracker } from "./reply-tracker.js";
import type { ChatEvent, Message, ReplyEvent } from "./types.js";

const started = (messageId: number): ChatEvent => ({
  type: "reply_started",
  messageId,
  userMessageId: messageId - 1,
  aiModel: "m",
  offline: false,
});
const delta = (messageId: number, text: string): ChatEvent => ({ type: "delta", messageId, text });
const done = (messageId: number, contentLength: number, status: "complete" | "stopped" = "complete"): ChatEvent => ({
  type: "done",
  messageId,
  status,
  usage: null,
  error: null,
  contentLength,
});

function run(events: ChatEvent[], reply = { messageId: 10, userMessageId: 9 }) {
  const tracker = createReplyTracker(reply);
  const emitted: ReplyEvent[] = [];
  let next = "continue";
  for (const event of events) {
    const outcome = tracker.accept(event);
    emitted.push(...outcome.emit);
    next = outcome.next;
    if (next !== "continue") break;
  }
  const text = emitted.map((e) => (e.type === "delta" ? e.text : "")).join("");
  return { tracker, emitted, text, next };
}

const stored = (overrides: Partial<Message>): Message => ({
  id: 10,
  sessionId: 1,
  parentId: 9,
  versionIds: [10],
  role: "assistant",
  content: "",
  status: "complete",
  toolsUsed: [],
  aiModel: "gpt-x",
  modelVersion: null,
  promptTokens: 5,
  completionTokens: 7,
  costUsd: null,
  error: null,
  createdAt: "2026-11-24T00:00:00.000Z",
  completedAt: "2026-11-24T00:00:01.000Z",
  ...overrides,
});

describe("reply tracker", () => {
  it("skips the previous reply replayed before its own starts", () => {
    const { emitted, text, next } = run([started(8), delta(8, "old"), done(8, 3), started(10), delta(10, "new"), done(10, 3)]);
    expect(emitted.map((e) => e.type)).toEqual(["reply_started", "delta", "done"]);
    expect(text).toBe("new");
    expect(next).toBe("finished");
  });

  it("delivers each character once when the reply is replayed from its start", () => {
    const { text, emitted } = run([
      started(10),
      delta(10, "Hel"),
      delta(10, "lo"),
      started(10),
      delta(10, "He"),
      delta(10, "llo, w"),
      delta(10, "orld"),
      done(10, 12),
    ]);
    expect(text).toBe("Hello, world");
    expect(emitted.filter((e) => e.type === "reply_started")).toHaveLength(1);
  });

  it("passes conversation news through and asks for a reload on resync", () => {
    const { emitted, next } = run([started(10), { type: "title", sessionId: 1, title: "T" }, { type: "resync", sessionId: 1 }]);
    expect(emitted.map((e) => e.type)).toEqual(["reply_started", "title"]);
    expect(next).toBe("reload");
  });

  it("asks for a reload when a later reply has replaced this one", () => {
    expect(run([started(12)]).next).toBe("reload");
  });

  it("completes from the stored reply: the missing text and its done", () => {
    const { tracker } = run([started(10), delta(10, "Hello")]);
    const outcome = tracker.completeFrom(stored({ content: "Hello, world", status: "stopped" }));
    expect(outcome).toEqual({
      next: "finished",
      emit: [
        { type: "delta", messageId: 10, text: ", world" },
        { type: "done", messageId: 10, status: "stopped", usage: { promptTokens: 5, completionTokens: 7 }, error: null, contentLength: 12 },
      ],
    });
    expect(tracker.accept(done(10, 12)).emit).toEqual([]);
  });

  it("waits for done when the stored reply is still streaming, then takes the rest from the store", () => {
    const { tracker } = run([started(10), delta(10, "Hel")]);
    expect(tracker.completeFrom(stored({ content: "Hel", status: "streaming" }))).toEqual({ emit: [], next: "continue" });
    expect(tracker.accept(delta(10, "lo")).emit).toEqual([]);
    expect(tracker.accept(done(10, 5)).next).toBe("reload");
    const rest = tracker.completeFrom(stored({ content: "Hello" }));
    expect(rest.emit.map((e) => (e.type === "delta" ? e.text : e.type))).toEqual(["lo", "done"]);
  });

  it("builds the whole reply from the store when nothing was streamed", () => {
    const tracker = createReplyTracker({ messageId: 10, userMessageId: 9 });
    const outcome = tracker.completeFrom(stored({ content: "All of it", promptTokens: null }));
    expect(outcome.emit).toEqual([
      { type: "reply_started", messageId: 10, userMessageId: 9, aiModel: "gpt-x", offline: false },
      { type: "delta", messageId: 10, text: "All of it" },
      { type: "done", messageId: 10, status: "complete", usage: null, error: null, contentLength: 9 },
    ]);
  });

  it("reloads at done when the saved reply is longer than the text that arrived", () => {
    const { tracker, next } = run([started(10), delta(10, "Hel"), done(10, 5)]);
    expect(next).toBe("reload");
    const rest = tracker.completeFrom(stored({ content: "Hello" }));
    expect(rest.emit.map((e) => (e.type === "delta" ? e.text : e.type))).toEqual(["lo", "done"]);
  });

  it("delivers a tool call and its result once", () => {
    const call: ChatEvent = { type: "tool_call", messageId: 10, callId: "c1", name: "positions", arguments: "{}" };
    const { emitted } = run([started(10), call, started(10), call, done(10, 0)]);
    expect(emitted.filter((e) => e.type === "tool_call")).toHaveLength(1);
  });
});
