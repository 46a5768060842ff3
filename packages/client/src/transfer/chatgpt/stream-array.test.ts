import { describe, expect, it } from "vitest";
import { ArrayReadError, streamArrayElements } from "./stream-array.js";

async function* piecesOf(text: string, size: number) {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

async function collect(chunks: AsyncIterable<string>) {
  const elements: unknown[] = [];
  try {
    for await (const element of streamArrayElements(chunks)) elements.push(element);
    return { elements, error: null };
  } catch (error) {
    return { elements, error };
  }
}

describe("streamArrayElements", () => {
  const text = ' [ {"title": "a \\u00e9 \\"q\\"", "mapping": {"n": [1, 2.5, null]}}, {"title": "📈"}, 3 ]\n';

  it("yields each element whole, however the text is cut into chunks", async () => {
    for (const size of [1, 2, 7, text.length]) {
      const { elements, error } = await collect(piecesOf(text, size));
      expect(error).toBeNull();
      expect(elements).toEqual([{ title: 'a é "q"', mapping: { n: [1, 2.5, null] } }, { title: "📈" }, 3]);
    }
  });

  it("stops with a typed error that says how many elements came before it", async () => {
    const cut = await collect(piecesOf('[{"a": 1}, {"b": 2}, {"c": ', 4));
    expect(cut.elements).toEqual([{ a: 1 }, { b: 2 }]);
    expect(cut.error).toBeInstanceOf(ArrayReadError);
    expect(cut.error).toMatchObject({ elementsRead: 2 });
    const garbage = await collect(piecesOf("[{]", 1));
    expect(garbage.error).toBeInstanceOf(ArrayReadError);
    expect((garbage.error as Error).message).toMatch(/^not valid JSON after 0 conversations: /);
  });
});
