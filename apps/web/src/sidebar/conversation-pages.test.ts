import { describe, expect, it } from "vitest";
import { flattenConversationPages } from "./conversation-pages";

describe("flattenConversationPages", () => {
  it("keeps every conversation once, at its first (newest) place", () => {
    const pages = [{ items: [{ id: 7 }, { id: 3 }] }, { items: [{ id: 3 }, { id: 2 }] }, { items: [{ id: 1 }] }];
    expect(flattenConversationPages(pages).map((item) => item.id)).toEqual([7, 3, 2, 1]);
  });

  it("is empty for no pages", () => {
    expect(flattenConversationPages([])).toEqual([]);
  });
});
