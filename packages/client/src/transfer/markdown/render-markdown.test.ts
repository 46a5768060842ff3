import { describe, expect, it } from "vitest";
import type { ConversationRecord, MessageRecord } from "../records.js";
import { markdownFileName } from "./export-markdown.js";
import { renderConversationMarkdown } from "./render-markdown.js";

const conversation: ConversationRecord = {
  type: "conversation",
  id: 7,
  key: `import:${"a".repeat(40)}`,
  context: { kind: "run", modelId: 3, runId: 9 },
  title: "Why did AAPL lose?",
  titleSource: "user",
  createdAt: "2026-03-02T14:30:00.000Z",
  pinned: false,
  archivedAt: null,
  tags: ["review"],
  summary: null,
  currentLeafId: 4,
};

function message(id: number, parentId: number | null, fields: Partial<MessageRecord>): MessageRecord {
  return {
    type: "message",
    conversationId: 7,
    id,
    parentId,
    role: "user",
    content: "",
    status: "complete",
    toolsUsed: [],
    promptTokens: null,
    completionTokens: null,
    aiModel: null,
    modelVersion: null,
    runFigures: null,
    error: null,
    createdAt: `2026-03-02T14:3${id}:00.000Z`,
    completedAt: null,
    ...fields,
  };
}

const messages = [
  message(1, null, { content: "Why did AAPL lose money?" }),
  message(2, 1, { role: "assistant", content: "An older version of the answer.", aiModel: "gpt-4o-mini" }),
  message(3, 1, {
    role: "assistant",
    aiModel: "gpt-4o",
    content: "Two stops were hit.",
    toolsUsed: [
      { name: "get_trades", arguments: '{"symbol":"AAPL","limit":20}', ok: true, result: { trades: [{}, {}, {}] } },
      { name: "get_pnl", arguments: "", ok: false, result: null },
    ],
  }),
  message(4, 3, { content: "Thanks", status: "interrupted" }),
];

describe("Markdown rendering", () => {
  const markdown = renderConversationMarkdown(conversation, messages);

  it("writes the title, context and dates, then the shown branch only", () => {
    expect(markdown).toMatch(/^# Why did AAPL lose\?\n\n- Context: Run 9 of model 3\n- Started: 2026-03-02 14:30 UTC\n/);
    expect(markdown).toContain("- Messages: 3 on the branch shown (1 in other versions, not written here)");
    expect(markdown).toContain("### You · 2026-03-02 14:31 UTC\n\nWhy did AAPL lose money?");
    expect(markdown).toContain("### Assistant · 2026-03-02 14:33 UTC · gpt-4o");
    expect(markdown).not.toContain("An older version");
    expect(markdown).toContain("_(interrupted)_");
  });

  it("summarises tool calls in words, never as JSON", () => {
    expect(markdown).toContain("- Tool `get_trades` (symbol: AAPL, limit: 20) → 3 trades");
    expect(markdown).toContain("- Tool `get_pnl` → failed");
    expect(markdown).not.toContain('{"symbol"');
  });

  it("names contexts as asked, handles an empty conversation and makes safe file names", () => {
    const named = renderConversationMarkdown({ ...conversation, currentLeafId: null }, [], {
      contextLabel: () => "Run “momentum” of Swing",
    });
    expect(named).toContain("- Context: Run “momentum” of Swing");
    expect(named).toContain("_No messages._");
    expect(markdownFileName("Why did AAPL lose?")).toBe("Why-did-AAPL-lose.md");
    expect(markdownFileName("../../etc")).toBe("etc.md");
    expect(markdownFileName("???")).toBe("conversation.md");
  });
});
