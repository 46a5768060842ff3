import { randomBytes } from "node:crypto";
import { createTestDatabase } from "@parley/db/testing";
import { createAccounts } from "../scale-out/accounts.js";
import type { InstanceApi, InstanceConfig } from "../scale-out/instance-api.js";
import { openRedisProbe, type RedisProbe } from "../scale-out/redis-probe.js";
import { openSplitConnection, type OnText } from "../scale-out/split-connection.js";
import { openBareConnection } from "../streaming/bare-connection.js";
import { startChild } from "../streaming/child-process.js";
import { cpuTotal } from "../streaming/cpu-snapshot.js";
import type { ServerApi } from "../streaming/server-api.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";

/** A relay process whose CPU and memory the run reads. */
export interface RelayProcess {
  name: string;
  cpu(): Promise<number>;
  rss(): Promise<number>;
}

/** One way of relaying paced replies to clients: the bare relay, or Parley deployed some way. */
export interface PacedDeployment {
  label: string;
  id: string;
  processes: RelayProcess[];
  /** Connection `index` follows conversation `index`; `onText` gets every piece of reply text. */
  open(index: number, onText: OnText): Promise<StreamConnection>;
  /** One probe per Redis master (none in-process). */
  redis: RedisProbe[];
  /** Resolves once the replies of the last run are saved and let go (Parley) . */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisChoice {
  label: string;
  url: string;
  cluster: boolean;
  publishMode: "batched" | "per-event";
  /** Every master's own address, for its INFO. */
  masters: string[];
}

export async function startBare(upstreamUrl: string): Promise<PacedDeployment> {
  const { child, ready } = await startChild<ServerApi>("bare ws relay", new URL("../streaming/baseline-entry.ts", import.meta.url), [
    upstreamUrl,
  ]);
  return {
    label: "bare ws relay",
    id: "b",
    processes: [{ name: "bare", cpu: async () => cpuTotal(await child.call("cpu")), rss: async () => (await child.call("memory")).rss }],
    open: (index, onText) => openBareConnection(String(ready), `c${index}`, onText),
    redis: [],
    settled: async () => undefined,
    stop: () => child.stop(),
  };
}

const instanceEntry = new URL("../scale-out/instance-entry.ts", import.meta.url);

/** Parley: one instance in-process (no `redis`), or a sender A and a viewer B over Redis. */
export async function startParley(upstreamUrl: string, conversations: number, redis?: RedisChoice): Promise<PacedDeployment> {
  const database = await createTestDatabase();
  const jwtSecret = randomBytes(32).toString("hex");
  const accounts = await createAccounts(database, jwtSecret, conversations);
  const namespace = `paced-${randomBytes(4).toString("hex")}`;
  const config: InstanceConfig = {
    upstreamUrl,
    databaseUrl: database.url,
    jwtSecret,
    ...(redis ? { redis: { ...redis, namespace } } : {}),
  };
  const names = redis ? ["A", "B"] : ["single"];
  const started = await Promise.all(
    names.map((name) => startChild<InstanceApi>(`Parley ${name}`, instanceEntry, [JSON.stringify(config)])),
  );
  const children = started.map(({ child }) => child);
  const [sender, viewer] = [started[0], started.at(-1)];
  if (!sender || !viewer) throw new Error("no Parley instance started");
  const probes = (redis?.masters ?? []).map((url) => openRedisProbe(url, namespace));
  return {
    label: redis ? `Parley ×2, ${redis.label}` : "Parley ×1, in-process",
    id: redis ? `r${redis.publishMode[0]}${redis.masters.length}` : "m",
    processes: children.map((child, index) => ({
      name: names[index] ?? "",
      cpu: async () => cpuTotal(await child.call("cpu")),
      rss: () => child.call("rss"),
    })),
    open(index, onText) {
      const account = accounts[index];
      if (!account) throw new Error(`only ${accounts.length} accounts were made`);
      return openSplitConnection({ viewer: String(viewer.ready), sender: String(sender.ready) }, account, onText);
    },
    redis: probes,
    async settled() {
      for (let waited = 0; waited < 20_000 && (await sender.child.call("activeReplies")) > 0; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      await Promise.all(children.map((child) => child.stop()));
      for (const probe of probes) await probe.close();
      await database.drop();
    },
  };
}
