import { describe, expect, it } from "vitest";
import type { Conversation, Message, MessagePage } from "../api/types";
import { emptyConversation, fromStored, placeholderReply, type ChatEvent, type ChatMessage, type ConversationState } from "./chat-message";
import { applyEvent, applyLatestPage, applyOlderPage, isStreaming, showNewVersion } from "./conversation-reducer";

const conversation: Conversation = {
  id: 7,
  title: "New conversation",
  titleSource: "default",
  isActive: true,
  modelId: null,
  runId: null,
  modelName: null,
  modelDeleted: false,
  messageCount: 2,
  hasSummary: false,
  createdAt: "2026-01-05T10:00:00.000Z",
  lastMessageAt: "2026-01-05T10:00:00.000Z",
  activityAt: "2026-01-05T10:00:00.000Z",
  isPinned: false,
  archivedAt: null,
  tags: [],
};

function stored(id: number, fields: Partial<Message> = {}): Message {
  return {
    id,
    sessionId: conversation.id,
    parentId: id > 1 ? id - 1 : null,
    versionIds: [id],
    role: id % 2 === 1 ? "user" : "assistant",
    content: `Message ${id}`,
    status: "complete",
    toolsUsed: [],
    aiModel: null,
    modelVersion: null,
    promptTokens: null,
    completionTokens: null,
    costUsd: null,
    error: null,
    createdAt: "2026-01-05T10:00:00.000Z",
    completedAt: null,
    ...fields,
  };
}

function page(messages: Message[], hasOlder = false): MessagePage {
  return { session: conversation, summary: null, messages, hasOlder };
}

const started = (messageId: number): ChatEvent => ({
  type: "reply_started",
  messageId,
  userMessageId: messageId - 1,
  aiModel: "gpt-4o-mini",
  offline: false,
});
const delta = (messageId: number, text: string): ChatEvent => ({ type: "delta", messageId, text });
const done = (messageId: number, status: "complete" | "failed" = "complete", error: string | null = null): ChatEvent => ({
  type: "done",
  messageId,
  status,
  usage: null,
  error,
  contentLength: 0,
});

const apply = (state: ConversationState, ...events: ChatEvent[]) => events.reduce(applyEvent, state);
const ids = (state: ConversationState) => state.messages.map((m) => m.id);
const reply = (state: ConversationState, id: number) => state.messages.find((m) => m.id === id);

/** The conversation with its question stored and the reply (id 2) just created. */
const asked = applyLatestPage(emptyConversation, page([stored(1), stored(2, { content: "", status: "streaming" })]));

describe("stream events", () => {
  it("deltas append to the reply in order, and done ends it", () => {
    const streaming = apply(asked, started(2), delta(2, "Your risk "), delta(2, "limit is 2%."));
    expect(reply(streaming, 2)).toMatchObject({
      content: "Your risk limit is 2%.",
      status: "streaming",
      aiModel: "gpt-4o-mini",
      live: true,
    });
    expect(isStreaming(streaming)).toBe(true);

    const ended = applyEvent(streaming, done(2));
    expect(reply(ended, 2)).toMatchObject({ content: "Your risk limit is 2%.", status: "complete", error: null });
    expect(isStreaming(ended)).toBe(false);
    expect(ids(ended)).toEqual([1, 2]);
  });

  it("a slow provider is shown until the first token, and a cut-short answer keeps its note", () => {
    const waiting = apply(asked, started(2), { type: "provider_slow", messageId: 2, waitedMs: 10_000 });
    expect(reply(waiting, 2)).toMatchObject({ slow: true, status: "streaming" });
    const answering = applyEvent(waiting, delta(2, "Finally"));
    expect(reply(answering, 2)?.slow).toBe(false);
    const note = "The answer was cut off: it reached the AI provider's length limit";
    expect(reply(applyEvent(answering, done(2, "complete", note)), 2)).toMatchObject({ status: "complete", error: note });
  });

  it("a reply the page does not know yet is added after the messages before it", () => {
    const state = apply(asked, done(2), started(4), delta(4, "Second answer"));
    expect(ids(state)).toEqual([1, 2, 4]);
    expect(reply(state, 4)).toMatchObject({ role: "assistant", content: "Second answer", status: "streaming" });
  });

  it("a failed reply keeps its partial text and its error", () => {
    const state = apply(asked, started(2), delta(2, "Partial"), done(2, "failed", "The model refused this request"));
    expect(reply(state, 2)).toMatchObject({ content: "Partial", status: "failed", error: "The model refused this request" });
  });

  it("an error event shows its message at once; the done after the save fails the reply", () => {
    const failing = apply(asked, started(2), delta(2, "Partial"), {
      type: "error",
      messageId: 2,
      message: "The AI provider is unavailable (HTTP 503)",
    });
    expect(reply(failing, 2)).toMatchObject({
      content: "Partial",
      status: "streaming",
      error: "The AI provider is unavailable (HTTP 503)",
    });
    const failed = applyEvent(failing, done(2, "failed", "The AI provider is unavailable (HTTP 503)"));
    expect(reply(failed, 2)).toMatchObject({ content: "Partial", status: "failed", error: "The AI provider is unavailable (HTTP 503)" });
  });

  it("tool calls show as running, then ok or failed", () => {
    const call = (callId: string, name: string): ChatEvent => ({ type: "tool_call", messageId: 2, callId, name, arguments: "{}" });
    const result = (callId: string, name: string, ok: boolean): ChatEvent => ({
      type: "tool_result",
      messageId: 2,
      callId,
      name,
      ok,
      result: "{}",
      at: "2024-01-02T00:00:00.000Z",
    });
    const running = apply(asked, started(2), call("a", "get_run_overview"), call("b", "get_positions"));
    expect(reply(running, 2)?.tools.map((t) => t.state)).toEqual(["running", "running"]);
    const finished = apply(running, result("a", "get_run_overview", true), result("b", "get_positions", false));
    expect(reply(finished, 2)?.tools).toEqual([
      { name: "get_run_overview", callId: "a", state: "ok", result: {}, at: "2024-01-02T00:00:00.000Z" },
      { name: "get_positions", callId: "b", state: "failed", result: {}, at: "2024-01-02T00:00:00.000Z" },
    ]);
  });

  it("a title event renames the conversation", () => {
    const state = applyEvent(asked, { type: "title", sessionId: conversation.id, title: "Risk limits" });
    expect(state.session).toMatchObject({ title: "Risk limits", titleSource: "generated" });
  });
});

describe("resuming without duplicates", () => {
  it("a replay from reply_started gives the same text, not twice the text", () => {
    const first = apply(asked, started(2), delta(2, "Sentence one. "), delta(2, "Sentence two."));
    const replayed = apply(first, started(2), delta(2, "Sentence one. "), delta(2, "Sentence two. "), delta(2, "Three."));
    expect(reply(replayed, 2)?.content).toBe("Sentence one. Sentence two. Three.");
    expect(ids(replayed)).toEqual([1, 2]);
  });

  it("a page loaded mid-reply merges by id and keeps the newer live text", () => {
    const live = apply(asked, started(2), delta(2, "Live text so far"));
    const key = reply(live, 2)?.key;
    const reloaded = applyLatestPage(live, page([stored(1), stored(2, { content: "Live", status: "streaming" })]));
    expect(ids(reloaded)).toEqual([1, 2]);
    expect(reply(reloaded, 2)).toMatchObject({ content: "Live text so far", key });

    const saved = applyLatestPage(applyEvent(reloaded, done(2)), page([stored(1), stored(2, { content: "Live text so far, finished." })]));
    expect(ids(saved)).toEqual([1, 2]);
    expect(reply(saved, 2)).toMatchObject({ content: "Live text so far, finished.", status: "complete", key });
  });

  it("after resync the stored copy wins, even of a message still streaming", () => {
    const live = apply(asked, started(2), delta(2, "Text with a gap"));
    const resynced = applyEvent(live, { type: "resync", sessionId: conversation.id });
    const state = applyLatestPage(resynced, page([stored(1), stored(2, { content: "Text without a gap", status: "streaming" })]));
    expect(reply(state, 2)?.content).toBe("Text without a gap");
  });

  it("older pages and a repeated latest page add each message once, in id order", () => {
    const latest = applyLatestPage(emptyConversation, page([stored(31), stored(32), stored(33)], true));
    const withOlder = applyOlderPage(latest, page([stored(29), stored(30), stored(31)], false));
    expect(ids(withOlder)).toEqual([29, 30, 31, 32, 33]);
    expect(withOlder.hasOlder).toBe(false);
    // The latest page again: the older messages stay, and so does "nothing older".
    const again = applyLatestPage(withOlder, page([stored(32), stored(33), stored(34)], true));
    expect(ids(again)).toEqual([29, 30, 31, 32, 33, 34]);
    expect(again.hasOlder).toBe(false);
  });

  it("a message still on its way to the server stays last", () => {
    const local: ChatMessage = {
      ...fromStored(stored(3)),
      key: "local-x",
      id: null,
      content: "Sending this",
      local: { clientMessageId: "x", state: "sending", error: null },
    };
    const state = applyLatestPage({ ...asked, messages: [...asked.messages, local] }, page([stored(1), stored(2), stored(3)]));
    expect(state.messages.map((m) => m.key)).toEqual(["m1", "m2", "m3", "local-x"]);
  });

  describe("branches", () => {
    const four = applyLatestPage(emptyConversation, page([stored(1), stored(2), stored(3), stored(4)]));

    it("a regenerated reply replaces the old version after its question, seen from another tab too", () => {
      const regenerated = apply(
        four,
        { type: "reply_started", messageId: 9, userMessageId: 3, aiModel: "m", offline: false },
        delta(9, "Again"),
      );
      expect(ids(regenerated)).toEqual([1, 2, 3, 9]);
      expect(reply(regenerated, 9)?.content).toBe("Again");
    });

    it("another version's page replaces the branch, and older messages of the old branch go", () => {
      const withOlder = applyOlderPage(
        applyLatestPage(emptyConversation, page([stored(3), stored(4)], true)),
        page([stored(1), stored(2)]),
      );
      expect(ids(withOlder)).toEqual([1, 2, 3, 4]);
      const edited = stored(7, { parentId: 2, role: "user", versionIds: [3, 7] });
      const switched = applyLatestPage(withOlder, page([edited, stored(8, { parentId: 7 })], true));
      expect(ids(switched)).toEqual([1, 2, 7, 8]);
      const elsewhere = applyLatestPage(withOlder, page([stored(11, { parentId: 10 }), stored(12, { parentId: 11 })], true));
      expect(ids(elsewhere)).toEqual([11, 12]);
      expect(elsewhere.hasOlder).toBe(true);
    });

    it("an edit shown at once cuts the branch after the edited question's parent", () => {
      const question = fromStored(stored(7, { parentId: 2, role: "user", versionIds: [3, 7] }));
      const shown = showNewVersion(four, [question, placeholderReply(8, 7)]);
      expect(ids(shown)).toEqual([1, 2, 7, 8]);
      expect(ids(showNewVersion(four, [fromStored(stored(5, { parentId: null, role: "user" }))]))).toEqual([5]);
    });
  });
});
