import { createTestDatabase } from "@parley/db/testing";
import { startScriptedOpenAI, type Responder } from "@parley/scripted-openai";
import { remoteClient } from "./remote-client.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

export interface DeploymentOptions {
  /** How the scripted OpenAI-compatible upstream answers every instance. */
  respond: Responder;
  /** Set: the instances share Redis under a namespace of their own, `<prefix>-<database>`. */
  redisPrefix?: string;
  /** Which Redis (default: the tests' shared one); `cluster` for a Redis Cluster node. */
  redis?: { url: string; cluster?: boolean };
  /** Settings every instance gets (an instance's own override them). */
  env?: Record<string, string>;
}

/**
 * A deployment as the fault tests run it: one fresh PostgreSQL database, one scripted upstream,
 * and real server processes over them (with Redis when asked), all torn down by `stop`.
 */
export async function startDeployment(options: DeploymentOptions) {
  const database = await createTestDatabase();
  const scripted = await startScriptedOpenAI({ respond: options.respond });
  const processes: ServerProcess[] = [];
  const clients: Array<{ close(): void }> = [];
  const redis: Record<string, string> = options.redisPrefix
    ? {
        REDIS_URL: options.redis?.url ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
        PARLEY_REDIS_CLUSTER: String(options.redis?.cluster ?? false),
        PARLEY_REDIS_NAMESPACE: `${options.redisPrefix}-${database.name}`,
      }
    : {};

  return {
    database,
    scripted,
    /** One more server process of the deployment. */
    async instance(extra: Record<string, string> = {}) {
      const started = await startServerProcess({
        DATABASE_URL: database.url,
        ...redis,
        OPENAI_API_KEY: "test-key",
        OPENAI_BASE_URL: scripted.url,
        ...options.env,
        ...extra,
      });
      processes.push(started);
      return started;
    },
    /** A typed client of one instance, closed with the deployment. */
    client(url: string, token: string) {
      const created = remoteClient(url, token);
      clients.push(created);
      return created.api;
    },
    /** Something else to close with the deployment (a raw socket, say). */
    track(closable: { close(): void }) {
      clients.push(closable);
    },
    async stop() {
      for (const created of clients) created.close();
      for (const server of processes) server.kill("SIGKILL");
      await Promise.all(processes.map((server) => server.exited));
      await scripted.close();
      await database.drop();
    },
  };
}

export type Deployment = Awaited<ReturnType<typeof startDeployment>>;
