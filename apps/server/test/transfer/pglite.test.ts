import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { exportRecords, importText, plantConversations, toText, withoutIds } from "./plant.js";

// The embedded default runs the same statements (arrays with nulls through unnest, the advisory lock).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ driver: "pglite" });
  // PGlite starts in seconds on a quiet machine, far slower on a loaded one.
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

it("round-trips on PGlite too, and a second import adds nothing", { timeout: 120_000 }, async () => {
  const alice = await server.signUp();
  const bob = await server.signUp();
  await plantConversations(server.database.prisma, alice.user.id);
  const exported = await exportRecords(alice.api, { pageSize: 4 });
  expect((await importText(bob.api, toText(exported), { maxBatchMessages: 3 })).totals).toMatchObject({
    imported: 3,
    failed: 0,
    messagesAdded: 9,
  });
  expect(withoutIds(await exportRecords(bob.api))).toEqual(withoutIds(exported));
  expect((await importText(bob.api, toText(exported))).totals).toMatchObject({ imported: 0, skipped: 3, messagesAdded: 0 });
});
