import { describe, expect, it } from "vitest";
import { conversationLimits, ElementBounds } from "./element-bounds.js";

const { maxChars: MAX_ELEMENT_CHARS, maxDepth: MAX_DEPTH } = conversationLimits;

describe("ElementBounds", () => {
  it("does not count brackets inside strings, escaped quotes included", () => {
    const bounds = new ElementBounds(conversationLimits);
    const deepInString = `[{"t": "${"[{".repeat(MAX_DEPTH * 2)} \\" ${"{".repeat(MAX_DEPTH)}"}]`;
    expect(bounds.feed(deepInString)).toBeNull();
  });

  it("refuses nesting past the limit, however the text is cut", () => {
    const bounds = new ElementBounds(conversationLimits);
    const text = "[" + '{"a":'.repeat(MAX_DEPTH);
    const problems = [...text].map((char) => bounds.feed(char)).filter(Boolean);
    expect(problems[0]).toMatch(/^nested more than 64 levels deep$/);
  });

  it("measures each element on its own: many elements may add up past the limit, one may not", () => {
    const bounds = new ElementBounds(conversationLimits);
    const element = `{"t": "${"x".repeat(MAX_ELEMENT_CHARS / 4)}"}`;
    expect(bounds.feed("[")).toBeNull();
    for (let n = 0; n < 6; n++) expect(bounds.feed(`${element},`)).toBeNull();
    const long = `{"t": "${"x".repeat(MAX_ELEMENT_CHARS / 2)}`;
    expect(bounds.feed(long)).toBeNull();
    expect(bounds.feed(long)).toMatch(/^longer than 64 MB of text$/);
  });
});
