import { describe, expect, it } from "vitest";
import { callSchemaWasm } from "./prisma-schema-wasm.js";

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id Int @id\n  // Grüße\n  text String @default("héllo ✓")\n}`;

function datamodel(): unknown {
  return JSON.parse(callSchemaWasm("get_datamodel", JSON.stringify({ prismaSchema: SCHEMA })));
}

describe("callSchemaWasm", () => {
  it("runs Prisma's schema parser from the installed prisma package, text intact", () => {
    expect(datamodel()).toMatchObject({
      models: [{ name: "Note", fields: [{ name: "id" }, { name: "text", default: "héllo ✓" }] }],
    });
  });

  it("turns a Rust panic into an error and recovers on the next call", () => {
    expect(() => callSchemaWasm("debug_panic", "")).toThrow(/panicked/);
    expect(datamodel()).toMatchObject({ models: [{ name: "Note" }] });
  });
});
