import { describe, expect, it } from "vitest";
import { formatTokens, formatUsd } from "./format-usage";

describe("usage figures as shown", () => {
  it("shows no price as a dash, never as a number", () => {
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(null, 3)).toBe("—");
  });

  it("shows fractions of a cent with four decimals, larger sums in cents, and marks lower bounds", () => {
    expect(formatUsd(0.00027)).toBe("$0.0003");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1.5)).toBe("$1.50");
    expect(formatUsd(0.0123, 2)).toBe("$0.01+");
  });

  it("groups thousands in token counts", () => {
    expect(formatTokens(1_320)).toBe("1,320");
    expect(formatTokens(0)).toBe("0");
  });
});
