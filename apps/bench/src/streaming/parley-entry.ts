// Parley built as apps/server builds it (and as apps/server/test/harness.ts does), on a fresh
// test database, with the real OpenAI provider pointed at the scripted upstream. It runs alone
// in this process so its CPU and memory can be read without the benchmark's clients in them.
import { randomBytes } from "node:crypto";
import { createChatEngine, createMemoryEventBus, createOpenAIProvider, createTokenService, type ApiServices } from "@parley/api";
import { createTestDatabase } from "@parley/db/testing";
import { createParleyServer } from "@parley/server/create-server";
import { timeBareWrites } from "./bare-writes.js";
import { createFirstChunkLog } from "./first-chunks.js";
import { emit, serve } from "./ipc.js";
import { captureLoggedErrors, settledMemory, type Account, type ParleyApi } from "./server-api.js";
import { timeFirstChunks } from "./timed-provider.js";

const [upstreamUrl] = process.argv.slice(2);
const loggedErrors = captureLoggedErrors();
const database = await createTestDatabase();
const tokens = createTokenService({ secret: randomBytes(32).toString("hex") });
const bus = createMemoryEventBus();
const firstChunks = createFirstChunkLog();
const chat = createChatEngine({
  prisma: database.prisma,
  bus,
  provider: timeFirstChunks(createOpenAIProvider({ apiKey: "bench-key", baseURL: upstreamUrl }), firstChunks),
  models: { chat: "gpt-4o-mini", title: "gpt-4o-mini", summary: "gpt-4o-mini" },
  // As in the test harness: the per-user limits would refuse a benchmark's repeated sends.
  limits: { messagesPerMinute: 100_000, concurrentReplies: 100_000 },
});
const services: ApiServices = { prisma: database.prisma, sql: database.sql, tokens, chat };
const app = createParleyServer({ database, services, webDist: "/nonexistent" });
const url = await app.listen(0, "127.0.0.1");
let batches = 0;

/**
 * One user per conversation, as in real use (sending locks the user's context). Titled
 * conversations, so the first send does not also ask the upstream for a title.
 */
async function accounts(count: number): Promise<Account[]> {
  const batch = batches++;
  const rows = await database.sql.query<{ id: number; user_id: string }>(
    `WITH created AS (
       INSERT INTO users (email, password_hash, display_name)
       SELECT 'bench-' || $2 || '-' || i || '@bench.parley', 'not-a-real-hash', 'Bench ' || i
         FROM generate_series(1, $1::int) AS i
       RETURNING id)
     INSERT INTO chat_sessions (user_id, session_title, title_source)
     SELECT id, 'Bench conversation', 'generated' FROM created
     RETURNING id, user_id`,
    [count, batch],
  );
  return Promise.all(
    rows.map(async (row) => ({ sessionId: row.id, token: (await tokens.signAccessToken({ id: row.user_id, role: "user" })).token })),
  );
}

const api: ParleyApi = {
  loggedErrors,
  accounts,
  cpu: () => process.cpuUsage(),
  memory: settledMemory,
  subscribers: () => bus.stats().listeners,
  firstChunks: (tag) => firstChunks.take(tag),
  bareWrites: (sessionId) => timeBareWrites(database.sql, bus, sessionId),
  async stop() {
    await chat.shutdown(0);
    await app.close();
    await bus.close();
    await database.drop();
  },
};

serve(api);
emit("ready", url);
