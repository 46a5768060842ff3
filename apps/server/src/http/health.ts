import type { ServerResponse } from "node:http";
import type { Database } from "@parley/db";

/** `GET /health`: 200 when the database answers, 503 otherwise, with what was checked. */
export async function respondHealth(response: ServerResponse, database: Database): Promise<void> {
  const started = performance.now();
  let databaseStatus: { ok: boolean; kind: string; latencyMs?: number; error?: string };
  try {
    await database.sql.query("SELECT 1");
    databaseStatus = { ok: true, kind: database.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    databaseStatus = { ok: false, kind: database.kind, error: (error as Error).message };
  }
  const ok = databaseStatus.ok;
  response.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database: databaseStatus }));
}
