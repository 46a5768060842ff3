import type { ServerResponse } from "node:http";
import type { Coordination } from "@parley/api";
import type { Database } from "@parley/db";

interface Check {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function respond(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/** `GET /health/live`: the process is up and serving (restart it if this fails). */
export function respondLive(response: ServerResponse) {
  respond(response, 200, { status: "ok", uptimeSeconds: Math.round(process.uptime()) });
}

/**
 * `GET /health/ready` (and `/health`): whether this instance should get traffic: PostgreSQL
 * answers, Redis answers when configured, and the instance is not shutting down.
 */
export async function respondReady(
  response: ServerResponse,
  parts: { database: Database; coordination: Coordination; redis: boolean; accepting: boolean },
) {
  const [database, redis] = await Promise.all([
    timed(() => parts.database.sql.query("SELECT 1")),
    parts.redis ? timed(() => parts.coordination.ping()) : Promise.resolve(null),
  ]);
  const ok = database.ok && (redis?.ok ?? true) && parts.accepting;
  respond(response, ok ? 200 : 503, {
    status: ok ? "ok" : parts.accepting ? "unavailable" : "shutting-down",
    database: { ...database, kind: parts.database.kind },
    ...(redis ? { redis } : {}),
  });
}
