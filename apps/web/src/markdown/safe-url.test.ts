import { describe, expect, it } from "vitest";
import { decodeEntities, safeHref } from "./safe-url";

describe("safeHref", () => {
  it("keeps absolute web and mail links, normalised", () => {
    expect(safeHref("https://example.com/docs?q=1#top")).toBe("https://example.com/docs?q=1#top");
    expect(safeHref("  HTTP://Example.com  ")).toBe("http://example.com/");
    expect(safeHref("mailto:desk@example.com")).toBe("mailto:desk@example.com");
    expect(safeHref("https://example.com/a&amp;b")).toBe("https://example.com/a&b");
  });

  it.each([
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    [" javascript:alert(1)"],
    ["java\tscript:alert(1)"],
    ["&#106;avascript:alert(1)"],
    ["&#x6A;avascript:alert(1)"],
    ["javascript&colon;alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox(1)"],
    ["file:///etc/passwd"],
    ["/relative/path"],
    ["//example.com/protocol-relative"],
    ["#fragment"],
    [""],
  ])("drops %j", (href) => {
    expect(safeHref(href)).toBeNull();
  });
});

describe("decodeEntities", () => {
  it("decodes named, decimal and hex references", () => {
    expect(decodeEntities("Tom &amp; Jerry &lt;3 &QUOT;hi&quot; &apos;x&apos;")).toBe("Tom & Jerry <3 \"hi\" 'x'");
    expect(decodeEntities("&#65;&#x42;&#X43;")).toBe("ABC");
    expect(decodeEntities("a&nbsp;b")).toBe("a\u00a0b");
  });

  it("leaves unknown and out-of-range references as written", () => {
    expect(decodeEntities("&unknown; &#0; &#x110000; &#xZZ;")).toBe("&unknown; &#0; &#x110000; &#xZZ;");
    expect(decodeEntities("no references here")).toBe("no references here");
  });
});
