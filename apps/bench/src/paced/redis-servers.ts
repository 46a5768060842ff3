import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { startRedisCluster } from "@parley/api/testing";
import type { RedisChoice } from "./deployments.js";

/**
 * The benchmark's own Redis servers, since it reads their CPU from INFO: a plain one on
 * `port` (7800 up is this benchmark's range) and a cluster of three masters on free ports.
 */
export async function startBenchRedis(port: number) {
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  let exited = false;
  server.once("exit", () => (exited = true));
  for (
    let i = 0;
    i < 100 &&
    !spawnSync("redis-cli", ["-p", String(port), "ping"])
      .stdout?.toString()
      .includes("PONG");
    i++
  )
    await sleep(50);
  // Another server on the port would answer the ping, and be measured instead of ours.
  await sleep(200);
  if (exited) throw new Error(`redis-server could not start on port ${port} (in use?)`);
  const url = `redis://127.0.0.1:${port}`;
  const choice = (publishMode: RedisChoice["publishMode"]): RedisChoice => ({
    label: publishMode === "batched" ? "1 Redis, batched" : "1 Redis, call per event",
    url,
    cluster: false,
    publishMode,
    masters: [url],
  });
  return { choice, stop: () => server.kill("SIGKILL") };
}

export async function startBenchCluster() {
  const cluster = await startRedisCluster(3);
  const choice: RedisChoice = {
    label: "Redis Cluster ×3, batched",
    url: cluster.url,
    cluster: true,
    publishMode: "batched",
    masters: cluster.ports.map((port) => `redis://127.0.0.1:${port}`),
  };
  return { choice, stop: cluster.stop };
}
