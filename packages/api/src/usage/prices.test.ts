import { describe, expect, it } from "vitest";
import { costUsd, defaultPrices, parsePriceOverrides, priceOf, priceTable } from "./prices.js";

describe("the price table", () => {
  it("prices a reply from its AI model's input and output prices per million tokens", () => {
    // gpt-4o: $2.50 in, $10 out per 1M.
    expect(costUsd(defaultPrices, "gpt-4o", { promptTokens: 1_000, completionTokens: 500 })).toBe(0.0075);
    expect(costUsd(defaultPrices, "gpt-4o-mini", { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(0.75);
    expect(costUsd(defaultPrices, "o3-mini", { promptTokens: 0, completionTokens: 0 })).toBe(0);
  });

  it("has a price for the common OpenAI models", () => {
    for (const model of ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3-mini", "o4-mini"]) {
      expect(priceOf(defaultPrices, model), model).not.toBeNull();
    }
  });

  it("gives no cost for an unknown model, no model or no usage: never a made-up figure", () => {
    const usage = { promptTokens: 10, completionTokens: 10 };
    expect(costUsd(defaultPrices, "llama-3-70b", usage)).toBeNull();
    expect(costUsd(defaultPrices, "offline", usage)).toBeNull();
    expect(costUsd(defaultPrices, null, usage)).toBeNull();
    expect(costUsd(defaultPrices, "gpt-4o", null)).toBeNull();
    // Inherited object keys are not models.
    expect(costUsd(defaultPrices, "constructor", usage)).toBeNull();
    expect(costUsd(defaultPrices, "toString", usage)).toBeNull();
  });

  it("prices a dated snapshot as its family unless the table names the snapshot", () => {
    const usage = { promptTokens: 1_000_000, completionTokens: 0 };
    expect(costUsd(defaultPrices, "gpt-4o-2024-08-06", usage)).toBe(2.5);
    const table = priceTable({ "gpt-4o-2024-05-13": { inputPerMillion: 5, outputPerMillion: 15 } });
    expect(costUsd(table, "gpt-4o-2024-05-13", usage)).toBe(5);
    expect(costUsd(defaultPrices, "gpt-4o-latest", usage)).toBeNull();
  });

  it("rounds to the stored precision (8 decimals)", () => {
    expect(costUsd(defaultPrices, "gpt-4.1-nano", { promptTokens: 1, completionTokens: 1 })).toBe(0.0000005);
    expect(costUsd(defaultPrices, "gpt-4o-mini", { promptTokens: 1, completionTokens: 0 })).toBe(0.00000015);
  });

  it("takes overrides from PARLEY_PRICES over the defaults, and adds models", () => {
    const table = priceTable(
      parsePriceOverrides(
        '{"gpt-4o":{"inputPerMillion":1,"outputPerMillion":2},"my-llama":{"inputPerMillion":0.2,"outputPerMillion":0.4}}',
      ),
    );
    expect(table["gpt-4o"]).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
    expect(table["gpt-4o-mini"]).toEqual(defaultPrices["gpt-4o-mini"]);
    expect(costUsd(table, "my-llama", { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(0.6, 10);
  });

  it("refuses a PARLEY_PRICES that is not JSON or not a price table, saying where", () => {
    expect(() => parsePriceOverrides("gpt-4o=2.5")).toThrow(/PARLEY_PRICES must be JSON/);
    expect(() => parsePriceOverrides("[1,2]")).toThrow(/PARLEY_PRICES is not a valid price table/);
    expect(() => parsePriceOverrides('{"gpt-4o":{"inputPerMillion":-1,"outputPerMillion":2}}')).toThrow(/gpt-4o\.inputPerMillion/);
    expect(() => parsePriceOverrides('{"gpt-4o":{"inputPerMillion":1}}')).toThrow(/gpt-4o\.outputPerMillion/);
    expect(() => parsePriceOverrides('{"gpt-4o":{"input":1,"outputPerMillion":2,"inputPerMillion":1}}')).toThrow(/PARLEY_PRICES/);
    expect(() => parsePriceOverrides('{"":{"inputPerMillion":1,"outputPerMillion":2}}')).toThrow(/PARLEY_PRICES/);
  });
});
