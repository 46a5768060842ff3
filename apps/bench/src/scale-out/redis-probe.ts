import { Redis } from "ioredis";

/** Counters of the whole Redis server, as INFO reports them. */
export interface RedisCounters {
  /** used_cpu_sys + used_cpu_user, µs: the server process, all its threads. */
  cpuUs: number;
  commands: number;
  inputBytes: number;
  outputBytes: number;
  /** Per command (commandstats): calls and µs spent executing it, without the I/O around it. */
  byCommand: Record<string, { calls: number; usec: number }>;
}

function fields(info: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of info.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) found.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return found;
}

function commandStats(info: Map<string, string>): RedisCounters["byCommand"] {
  const byCommand: RedisCounters["byCommand"] = {};
  for (const [name, value] of info) {
    if (!name.startsWith("cmdstat_")) continue;
    const stats = Object.fromEntries(value.split(",").map((pair) => pair.split("=") as [string, string]));
    byCommand[name.slice("cmdstat_".length)] = { calls: Number(stats.calls), usec: Number(stats.usec) };
  }
  return byCommand;
}

export function parseCounters(info: string): RedisCounters {
  const found = fields(info);
  const number = (name: string) => Number(found.get(name) ?? Number.NaN);
  return {
    cpuUs: Math.round((number("used_cpu_sys") + number("used_cpu_user")) * 1e6),
    commands: number("total_commands_processed"),
    inputBytes: number("total_net_input_bytes"),
    outputBytes: number("total_net_output_bytes"),
    byCommand: commandStats(found),
  };
}

export function countersUsed(from: RedisCounters, to: RedisCounters): RedisCounters {
  const byCommand: RedisCounters["byCommand"] = {};
  for (const [name, { calls, usec }] of Object.entries(to.byCommand)) {
    const before = from.byCommand[name] ?? { calls: 0, usec: 0 };
    if (calls > before.calls) byCommand[name] = { calls: calls - before.calls, usec: usec - before.usec };
  }
  return {
    cpuUs: to.cpuUs - from.cpuUs,
    commands: to.commands - from.commands,
    inputBytes: to.inputBytes - from.inputBytes,
    outputBytes: to.outputBytes - from.outputBytes,
    byCommand,
  };
}

export function addCounters(a: RedisCounters, b: RedisCounters): RedisCounters {
  const byCommand: RedisCounters["byCommand"] = { ...a.byCommand };
  for (const [name, { calls, usec }] of Object.entries(b.byCommand)) {
    const other = byCommand[name] ?? { calls: 0, usec: 0 };
    byCommand[name] = { calls: calls + other.calls, usec: usec + other.usec };
  }
  return {
    cpuUs: a.cpuUs + b.cpuUs,
    commands: a.commands + b.commands,
    inputBytes: a.inputBytes + b.inputBytes,
    outputBytes: a.outputBytes + b.outputBytes,
    byCommand,
  };
}

/** Reads one Redis server's counters, and at the end deletes the deployment's keys there. */
export function openRedisProbe(url: string, namespace: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  return {
    read: async () => parseCounters(String(await redis.call("INFO", "cpu", "stats", "commandstats"))),
    /** Deletes every key of the namespace (streams and leases would otherwise expire on their own). */
    async clean(): Promise<number> {
      let deleted = 0;
      for await (const keys of redis.scanStream({ match: `${namespace}:*`, count: 1000 }) as AsyncIterable<string[]>) {
        if (keys.length) deleted += await redis.unlink(...keys);
      }
      return deleted;
    },
    close: async () => void redis.disconnect(),
  };
}

export type RedisProbe = ReturnType<typeof openRedisProbe>;
