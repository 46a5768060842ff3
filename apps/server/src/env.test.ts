import { describe, expect, it } from "vitest";
import { readEnv } from "./env.js";

describe("PARLEY_PRICES", () => {
  it("is read as a price table over the defaults", () => {
    const env = readEnv({ PARLEY_PRICES: '{"house-model":{"inputPerMillion":0.2,"outputPerMillion":0.4}}' });
    expect(env.PARLEY_PRICES).toEqual({ "house-model": { inputPerMillion: 0.2, outputPerMillion: 0.4 } });
    expect(readEnv({}).PARLEY_PRICES).toBeUndefined();
  });

  it("stops the start with a message that names the setting and the problem", () => {
    expect(() => readEnv({ PARLEY_PRICES: "gpt-4o:2.5" })).toThrow(/Invalid environment:\n {2}PARLEY_PRICES: PARLEY_PRICES must be JSON/);
    expect(() => readEnv({ PARLEY_PRICES: '{"gpt-4o":{"inputPerMillion":"cheap","outputPerMillion":1}}' })).toThrow(
      /PARLEY_PRICES: PARLEY_PRICES is not a valid price table: gpt-4o\.inputPerMillion/,
    );
  });
});
