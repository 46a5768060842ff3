import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { allowlist } from "./allowlist.js";
import { compareWithSchema } from "./check-schema-drift.js";
import { describeObject, objectKey } from "./db-schema.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
});

afterAll(async () => {
  await db?.drop();
});

describe("the drift allowlist", () => {
  // An entry must name an object that the migrations create and schema.prisma does not
  // describe: otherwise it is stale (dropped, renamed, or now declared in the schema).
  it("lists only objects the migrated database has beyond schema.prisma", async () => {
    const { extras } = await compareWithSchema(db.sql);
    const beyondSchema = new Set(extras.map(objectKey));
    const stale = allowlist.filter((entry) => !beyondSchema.has(objectKey(entry))).map(describeObject);
    expect(stale).toEqual([]);
  });

  it("gives every entry a one-line reason and lists it once", () => {
    for (const entry of allowlist) {
      expect(entry.reason.trim(), describeObject(entry)).not.toBe("");
      expect(entry.reason, describeObject(entry)).not.toContain("\n");
    }
    expect(new Set(allowlist.map(objectKey)).size).toBe(allowlist.length);
  });
});
