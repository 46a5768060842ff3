import { describe, expect, it } from "vitest";
import { provisionalTitle } from "./provisional-title.js";

describe("provisionalTitle", () => {
  it("keeps whole words within 60 characters", () => {
    expect(provisionalTitle("What is   my\nbest trade this week?")).toBe("What is my best trade this week?");
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const title = provisionalTitle(long);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(long.startsWith(title)).toBe(true);
  });

  it("cuts one long word on a grapheme boundary, never inside an emoji", () => {
    const emojis = "😀".repeat(40); // 80 UTF-16 units, no spaces
    const title = provisionalTitle(`a${emojis}`);
    expect(title).toBe(`a${"😀".repeat(29)}`);
    const family = "👨‍👩‍👧".repeat(10); // 8 units each: a joined sequence is one grapheme
    expect(provisionalTitle(family)).toBe("👨‍👩‍👧".repeat(7));
  });
});
