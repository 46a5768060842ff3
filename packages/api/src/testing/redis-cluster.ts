import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const cli = (port: number, ...args: string[]) => spawnSync("redis-cli", ["-p", String(port), ...args]).stdout?.toString() ?? "";

async function until(what: string, check: () => boolean) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await sleep(50);
  }
  throw new Error(`redis cluster: ${what} did not happen`);
}

/**
 * A real Redis Cluster of `masters` nodes (no replicas) on free ports, each with its own
 * directory and no persistence, as the tests and benchmarks of sharding use it.
 * `flushScripts` empties every node's script cache (what a restarted node looks like to EVALSHA).
 */
export async function startRedisCluster(masters = 3) {
  const dir = mkdtempSync(join(tmpdir(), "parley-redis-cluster-"));
  const nodes: Array<{ port: number; process: ChildProcess }> = [];
  for (let index = 0; index < masters; index++) {
    const [port, busPort] = [await freePort(), await freePort()];
    const args = ["--port", port, "--cluster-port", busPort, "--cluster-enabled", "yes", "--cluster-config-file", `node-${port}.conf`];
    const started = spawn("redis-server", [...args.map(String), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
      stdio: "ignore",
    });
    nodes.push({ port, process: started });
  }
  const stop = () => {
    for (const node of nodes) node.process.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const { port } of nodes) await until(`node ${port} answering`, () => cli(port, "ping").includes("PONG"));
    const addresses = nodes.map(({ port }) => `127.0.0.1:${port}`);
    const created = spawnSync("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout.toString()}`);
    for (const { port } of nodes) await until(`node ${port} ok`, () => cli(port, "cluster", "info").includes("cluster_state:ok"));
  } catch (error) {
    stop();
    throw error;
  }
  const first = nodes[0]?.port ?? 0;
  return {
    url: `redis://127.0.0.1:${first}`,
    ports: nodes.map((node) => node.port),
    pids: nodes.map((node) => node.process.pid ?? 0),
    flushScripts: () => nodes.forEach(({ port }) => cli(port, "script", "flush")),
    stop,
  };
}

export type RedisCluster = Awaited<ReturnType<typeof startRedisCluster>>;
