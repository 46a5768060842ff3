import { describe, expect, it } from "vitest";
import { ExpiringMap } from "./expiring-map.js";

describe("ExpiringMap", () => {
  it("reads an entry until its time, and as absent from then on", () => {
    const map = new ExpiringMap<string>();
    map.set("a", "value", 1_000, 0);
    expect(map.get("a", 999)).toBe("value");
    expect(map.get("a", 1_000)).toBeUndefined();
  });

  it("removes lapsed entries on a write once the sweep interval has passed, keeping live ones", () => {
    const map = new ExpiringMap<number>(100);
    for (let i = 0; i < 1_000; i++) map.set(`lapsing-${i}`, i, 50, 0);
    map.set("live", 1, 10_000, 0);
    expect(map.size).toBe(1_001);
    map.set("other", 2, 10_000, 60); // before the next sweep is due: nothing removed yet
    expect(map.size).toBe(1_002);
    map.set("later", 3, 10_000, 100);
    expect(map.size).toBe(3);
    expect(map.get("live", 100)).toBe(1);
  });
});
