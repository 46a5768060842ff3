import { describe, expect, it } from "vitest";
import { HIT_END, HIT_START, snippetParts } from "./snippet.js";

describe("snippetParts", () => {
  it("splits a marked headline into plain and hit parts, losing nothing", () => {
    const marked = `buy ${HIT_START}puts${HIT_END} and ${HIT_START}calls${HIT_END}`;
    expect(snippetParts(marked)).toEqual([
      { text: "buy ", hit: false },
      { text: "puts", hit: true },
      { text: " and ", hit: false },
      { text: "calls", hit: true },
    ]);
  });

  it("turns the bracket stand-ins back into the user's angle brackets", () => {
    expect(snippetParts("\uE002b\uE003 x")).toEqual([{ text: "<b> x", hit: false }]);
  });

  it("keeps an unterminated mark as a hit to the end", () => {
    expect(snippetParts(`a ${HIT_START}b`)).toEqual([
      { text: "a ", hit: false },
      { text: "b", hit: true },
    ]);
  });
});
