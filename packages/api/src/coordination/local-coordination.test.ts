import { afterEach, describe, expect, it, vi } from "vitest";
import { createLocalCoordination } from "./local-coordination.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("local coordination (a single instance)", () => {
  it("allows `limit` hits per window, says when to retry, and starts a new window after", async () => {
    vi.useFakeTimers({ now: 0 });
    const coordination = createLocalCoordination();
    expect(await coordination.hit("user-1", 2, 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await coordination.hit("user-1", 2, 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
    vi.setSystemTime(15_000);
    expect(await coordination.hit("user-1", 2, 60_000)).toEqual({ allowed: false, retryAfterMs: 45_000 });
    expect(await coordination.hit("user-2", 2, 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
    vi.setSystemTime(60_000);
    expect(await coordination.hit("user-1", 2, 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it("grants a claim once until it lapses", async () => {
    vi.useFakeTimers({ now: 0 });
    const coordination = createLocalCoordination();
    expect(await coordination.claimOnce("title:7", 30_000)).toBe(true);
    expect(await coordination.claimOnce("title:7", 30_000)).toBe(false);
    vi.setSystemTime(30_000);
    expect(await coordination.claimOnce("title:7", 30_000)).toBe(true);
  });
});
