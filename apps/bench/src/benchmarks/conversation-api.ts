import { availableParallelism, loadavg } from "node:os";
import { createTestDatabase } from "@parley/db/testing";
import pg from "pg";
import type { Benchmark } from "../benchmark.js";
import { conversationCases, type BenchCase, type CaseInputs } from "../conversation-api/cases.js";
import { BIG_CONVERSATION_MESSAGES, CONVERSATIONS, seedConversations, type Seeded } from "../conversation-api/seed.js";
import { startServer, type ApiClient, type Caller } from "../conversation-api/server.js";
import { measure } from "../measure.js";
import { formatTable, ms, ratio, type Summary } from "../stats.js";

const TARGET_P95_MS = 5;
const runs = { warmup: 50, iterations: 300 };

/** The cursor after 5,000 conversations (walked page by page, as a client would), and so on. */
async function deepInputs(caller: Caller, bare: pg.Client, seeded: Seeded): Promise<CaseInputs> {
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    cursor = (await caller.sessions.list({ limit: 50, cursor: cursor ?? undefined })).nextCursor;
  }
  const after = await bare.query<{ activity_at: Date; id: number }>(
    "SELECT activity_at, id FROM chat_sessions WHERE user_id = $1 ORDER BY activity_at DESC, id DESC OFFSET 4999 LIMIT 1",
    [seeded.userId],
  );
  const before = await bare.query<{ id: number }>(
    "SELECT id FROM chat_messages WHERE session_id = $1 ORDER BY id DESC OFFSET 5000 LIMIT 1",
    [seeded.bigSessionId],
  );
  const [afterRow] = after.rows;
  const [beforeRow] = before.rows;
  if (!cursor || !afterRow || !beforeRow) throw new Error("the seeded data is smaller than expected");
  return { ...seeded, deepCursor: cursor, deepAfter: { activityAt: afterRow.activity_at, id: afterRow.id }, deepBefore: beforeRow.id };
}

/** The query as the API runs it, over plain pg: the round trips of the RLS transaction, without Prisma. */
async function inAppTransaction(bare: pg.Client, userId: string, benchCase: BenchCase) {
  await bare.query("BEGIN");
  await bare.query("SELECT set_config('role', 'parley_app', true), set_config('app.user_id', $1, true)", [userId]);
  await bare.query(benchCase.sql.text, benchCase.sql.params);
  await bare.query("COMMIT");
}

interface CaseResult {
  name: string;
  sql: Summary;
  transaction: Summary;
  server: Summary;
  http: Summary;
  ws: Summary;
}

interface Ways {
  userId: string;
  caller: Caller;
  http: ApiClient;
  ws: ApiClient;
  bare: pg.Client;
}

async function measureCase(benchCase: BenchCase, ways: Ways): Promise<CaseResult> {
  return {
    name: benchCase.name,
    sql: await measure(() => ways.bare.query(benchCase.sql.text, benchCase.sql.params), runs),
    transaction: await measure(() => inAppTransaction(ways.bare, ways.userId, benchCase), runs),
    server: await measure(() => benchCase.viaCaller(ways.caller), runs),
    http: await measure(() => benchCase.viaClient(ways.http), runs),
    ws: await measure(() => benchCase.viaClient(ways.ws), runs),
  };
}

function report(results: CaseResult[]): boolean {
  const header = ["case", "server p50", "p95", "p99", "SQL p50", "p95", "p99", "×SQL p50", "×SQL p95"];
  header.push("SQL txn p50", "p95", "HTTP p50", "p95", "WS p50", "p95", "p95 ≤ 5 ms");
  const rows = results.map(({ name, sql, transaction, server, http, ws }) => [
    name,
    ...[server.p50, server.p95, server.p99, sql.p50, sql.p95, sql.p99].map(ms),
    ratio(server.p50, sql.p50),
    ratio(server.p95, sql.p95),
    ...[transaction.p50, transaction.p95, http.p50, http.p95, ws.p50, ws.p95].map(ms),
    server.p95 <= TARGET_P95_MS ? "PASS" : "FAIL",
  ]);
  console.log(formatTable(header, rows));
  console.log(`\nms; ${runs.iterations} calls each after ${runs.warmup} warm-up calls. server = in-process caller (context,`);
  console.log("validation, transaction as parley_app with RLS); SQL = the page's main query alone, as the owner;");
  console.log("SQL txn = that query inside the API's RLS transaction (BEGIN, set_config, query, COMMIT) over plain pg.");
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  console.log(`load average ${load} on ${availableParallelism()} CPUs (latency percentiles are sensitive to it)`);
  return results.every((result) => result.server.p95 <= TARGET_P95_MS);
}

export const benchmark: Benchmark = {
  name: `Conversation API: ${CONVERSATIONS.toLocaleString("en")} conversations, one of ${BIG_CONVERSATION_MESSAGES.toLocaleString("en")} messages`,
  async run() {
    const database = await createTestDatabase();
    const server = await startServer(database);
    const bare = new pg.Client({ connectionString: database.url });
    await bare.connect();
    try {
      const started = Date.now();
      const seeded = await seedConversations(database.prisma, database.sql);
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${database.name})\n`);
      const { caller, http, ws } = await server.clientsFor(seeded.userId);
      const cases = conversationCases(await deepInputs(caller, bare, seeded));
      const results: CaseResult[] = [];
      const ways = { userId: seeded.userId, caller, http, ws, bare };
      for (const benchCase of cases) results.push(await measureCase(benchCase, ways));
      return { passed: report(results) };
    } finally {
      await bare.end();
      await server.stop();
      await database.drop();
    }
  },
};
