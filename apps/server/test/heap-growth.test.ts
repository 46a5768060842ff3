import { describe, expect, it } from "vitest";
import { boundHeapGrowth } from "../src/heap-growth.js";

// The effect on memory is measured by `pnpm bench ingest` (server RSS growth); here, only who wins.
describe("boundHeapGrowth", () => {
  it("sets the growing factor when the process was started without one", () => {
    expect(boundHeapGrowth(["--conditions=@parley/source"])).toBe(true);
  });

  it("leaves an operator's own --heap-growing-percent alone, in either spelling", () => {
    expect(boundHeapGrowth(["--heap-growing-percent=100"])).toBe(false);
    expect(boundHeapGrowth(["--heap_growing_percent=20"])).toBe(false);
  });
});
