import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shownBranch } from "../markdown/render-markdown.js";
import { convertChatGptConversation, type ConvertedConversation } from "./chatgpt-conversation.js";
import { chatGptKey } from "./import-chatgpt.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../../test-fixtures/chatgpt-conversations.json", import.meta.url), "utf8"),
) as unknown[];

function converted(raw: unknown): ConvertedConversation {
  const result = convertChatGptConversation(raw, 1, `import:${"c".repeat(40)}`);
  if ("error" in result) throw new Error(result.error.join("; "));
  return result;
}

describe("ChatGPT conversation → our records", () => {
  it("keeps user and assistant text with its branches, hangs children of skipped nodes on their nearest kept ancestor", () => {
    const { conversation, messages, notes } = converted(fixture[0]);
    expect(conversation).toMatchObject({ title: "Position sizing", context: { kind: "general" }, createdAt: "2025-12-05T02:00:00.500Z" });
    expect(messages.map((m) => [m.id, m.parentId, m.role, m.content.slice(0, 12)])).toEqual([
      [1, null, "user", "How big shou"],
      [2, 1, "assistant", "First answer"],
      [3, 1, "assistant", "Regenerated "],
      [4, 3, "user", "Compute it f"],
      [5, 4, "assistant", "A position o"],
    ]);
    expect(messages[1]?.aiModel).toBe("gpt-4o");
    expect(notes).toEqual([
      "1 skipped: system message",
      "1 skipped: tool call",
      "1 skipped: tool output",
      '1 skipped: content type "thoughts" is not one we import',
      "1 attachment left out",
    ]);
    // The shown branch is the path to current_node (through the skipped nodes above it).
    expect(conversation.currentLeafId).toBe(5);
    expect(shownBranch(conversation, messages).map((m) => m.id)).toEqual([1, 3, 4, 5]);
  });

  it("reports a conversation it cannot read, and one with nothing to import, instead of dropping them", () => {
    expect(convertChatGptConversation(fixture[1], 2, "k")).toEqual({
      title: "Broken mapping",
      error: ["no mapping: the conversation's messages are missing"],
    });
    expect(convertChatGptConversation(42, 3, "k")).toMatchObject({ error: [expect.stringMatching(/^not a conversation/)] });
    const onlySystem = converted(fixture[3]);
    expect(onlySystem.messages).toEqual([]);
    expect(onlySystem.notes).toEqual(["1 skipped: hidden from the conversation"]);
  });

  it("numbers a later export's new messages after the old ones, so a re-import finds the old ones by number", () => {
    const first = converted(fixture[0]);
    const later = structuredClone(fixture[0]) as { mapping: Record<string, unknown>; current_node: string };
    later.mapping.more = {
      id: "more",
      parent: "a1",
      children: [],
      message: { author: { role: "user" }, create_time: 1764909999, content: { content_type: "text", parts: ["And now?"] } },
    };
    later.current_node = "more";
    const again = converted(later);
    expect(again.messages.slice(0, 5)).toEqual(first.messages);
    expect(again.messages[5]).toMatchObject({ id: 6, parentId: 2, content: "And now?" });
    expect(again.conversation.currentLeafId).toBe(6);
  });

  it("survives a mapping with a cycle, a dangling parent and a missing current_node", () => {
    const node = (parent: string | null, text: string, time: number) => ({
      parent,
      children: [],
      message: { author: { role: "user" }, create_time: time, content: { content_type: "text", parts: [text] } },
    });
    const result = converted({
      title: "",
      conversation_id: "x",
      mapping: { a: node("b", "A", 2), b: node("a", "B", 1), c: node("gone", "C", 3), bad: "nope" },
    });
    expect(result.conversation.title).toBe("ChatGPT conversation");
    expect(result.messages).toHaveLength(3);
    for (const message of result.messages) if (message.parentId !== null) expect(message.parentId).toBeLessThan(message.id);
    expect(result.notes).toContain("1 unreadable node of the mapping skipped");
    expect(result.notes).toContain("no current_node: the newest branch is shown");
  });

  it("gives a conversation the same key every time, and different conversations different keys", async () => {
    const key = await chatGptKey("6750a1b2-0000-4000-8000-00000000000a");
    expect(key).toMatch(/^import:[0-9a-f]{40}$/);
    expect(await chatGptKey("6750a1b2-0000-4000-8000-00000000000a")).toBe(key);
    expect(await chatGptKey("6750a1b2-0000-4000-8000-00000000000b")).not.toBe(key);
  });
});
