import { freePort } from "@parley/api/testing";
import { spawn, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// Fault tests restart services; these are their own instances, so the shared PostgreSQL and
// Redis that other test files use are never touched.

export async function startPrivateRedis() {
  const port = await freePort();
  const start = () =>
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  let server = start();
  const ready = async () => {
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync("redis-cli", ["-p", String(port), "ping"])
          .stdout?.toString()
          .includes("PONG")
      )
        return;
      await sleep(50);
    }
    throw new Error("private redis did not start");
  };
  await ready();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () => server.kill("SIGKILL"),
    /** Empties the script cache: the next EVALSHA meets NOSCRIPT, as after a restart. */
    flushScripts: () => void spawnSync("redis-cli", ["-p", String(port), "script", "flush"]),
    async restart() {
      server = start();
      await ready();
    },
    stop: () => server.kill("SIGKILL"),
  };
}

const pgBin = () => join("/usr/lib/postgresql", readdirSync("/usr/lib/postgresql")[0] ?? "15", "bin");
const asPostgres = (command: string, args: string[]) => spawnSync("runuser", ["-u", "postgres", "--", join(pgBin(), command), ...args]);

/** A throwaway PostgreSQL cluster (initdb as the postgres user) on a free port. */
export async function startPrivatePostgres() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "parley-pg-"));
  chownSync(dir, Number(spawnSync("id", ["-u", "postgres"]).stdout.toString()), 0);
  const data = join(dir, "data");
  const init = asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.toString()}`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const start = () => {
    const started = asPostgres("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
    if (started.status !== 0) throw new Error(`pg_ctl start failed: ${started.stderr.toString()}`);
  };
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => void asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    start,
    remove() {
      asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
