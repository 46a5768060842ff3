import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDatabase, type Database } from "../open-database.js";
import { checkSchemaDrift } from "./check-schema-drift.js";

// The embedded database is a newer PostgreSQL compiled to WebAssembly; the catalog queries and
// the default canonicalization must read it the same way.
let dataDir: string;
let database: Database | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "parley-drift-pglite-"));
  database = await openMigratedDatabase({ dataDir });
});

afterAll(async () => {
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("checkSchemaDrift on PGlite", () => {
  it("finds nothing in a freshly migrated embedded database", async () => {
    if (!database) throw new Error("the embedded database did not open");
    expect(await checkSchemaDrift(database.sql)).toEqual({ problems: [] });
  });
});
