import { describe, expect, it, vi } from "vitest";
import { createEventQueue } from "./event-queue.js";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("event queue", () => {
  it("yields what was pushed before and after the loop started, then ends", async () => {
    const queue = createEventQueue<number>();
    queue.push(1);
    const collecting = collect(queue);
    queue.push(2);
    queue.end();
    queue.push(3);
    expect(await collecting).toEqual([1, 2]);
  });

  it("throws the failure after the buffered items", async () => {
    const queue = createEventQueue<number>();
    const seen: number[] = [];
    queue.push(1);
    queue.fail(new Error("gone"));
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow("gone");
    expect(seen).toEqual([1]);
  });

  it("releases once, whether it ends, fails or the consumer leaves early", async () => {
    const queue = createEventQueue<number>();
    const release = vi.fn();
    queue.onClose(release);
    queue.push(1);
    queue.push(2);
    for await (const _item of queue) break;
    queue.end();
    queue.fail(new Error("late"));
    expect(release).toHaveBeenCalledTimes(1);
    const closed = createEventQueue<number>();
    closed.end();
    closed.onClose(release);
    expect(release).toHaveBeenCalledTimes(2);
  });
});
