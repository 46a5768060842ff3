import type { Database } from "@parley/db";
import { createUser } from "@parley/db/testing";
import { testDrivers } from "../../db/test-drivers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAsUser } from "../../db/read-as-user.js";
import { searchInput } from "./schemas.js";
import { searchConversations } from "./search.js";

// Search is one statement of PostgreSQL's own full-text functions: the same answers on both
// drivers, PostgreSQL and the embedded PGlite.

describe.each(Object.entries(testDrivers))("search on %s", (_driver, open) => {
  let database: Database;
  let drop: () => Promise<unknown>;
  const users = { a: "", b: "" };

  beforeAll(async () => {
    ({ database, drop } = await open());
    for (const key of ["a", "b"] as const) {
      const user = await createUser(database.prisma);
      users[key] = user.id;
      const session = await database.prisma.chatSession.create({ data: { userId: user.id, sessionTitle: `Hedging notes of ${key}` } });
      await database.prisma.chatMessage.create({
        data: { sessionId: session.id, userId: user.id, role: "user", content: `Buying protective puts <b>now</b>, says ${key}` },
      });
    }
    // Migrating a fresh embedded database takes long on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await drop?.();
  });

  const search = (query: string, extra: object = {}) =>
    readAsUser(database.sql, { id: users.a, role: "user" }, (reader) =>
      searchConversations(reader, { userId: users.a }, searchInput.parse({ query, ...extra }), "own"),
    );

  it("finds the user's own message and title by stem, with the matched words marked", async () => {
    const { hits } = await search("buy put");
    expect(hits).toHaveLength(1);
    expect(hits[0]?.snippet).toEqual([
      { text: "Buying", hit: true },
      { text: " protective ", hit: false },
      { text: "puts", hit: true },
      { text: " <b>now</b>, says a", hit: false },
    ]);
    const titles = await search("hedging");
    expect(titles.hits.map((hit) => [hit.title, hit.messageId])).toEqual([["Hedging notes of a", null]]);
  });

  it("takes syntax characters and stop words without failing", async () => {
    for (const query of ['"', "!", "a & b |", "-", "the"]) expect(Array.isArray((await search(query)).hits)).toBe(true);
  });
});
