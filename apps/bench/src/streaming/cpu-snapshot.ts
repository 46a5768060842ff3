import { cpus } from "node:os";
import type { Child } from "./child-process.js";
import { wallNow } from "./clock.js";
import type { ServerApi } from "./server-api.js";
import type { UpstreamApi } from "./upstream-api.js";

/** CPU time used so far (µs) by each process, and by the whole machine (ms), at `at`. */
export interface CpuSnapshot {
  at: number;
  server: number;
  upstream: number;
  clients: number;
  machineBusy: number;
  machineTotal: number;
}

/** Fractions of one core over an interval (the machine's: of all its cores). */
export interface Busy {
  server: number;
  clients: number;
  upstream: number;
  machine: number;
}

/** A process's CPU time, user and system, in µs. */
export const cpuTotal = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

/** The whole machine's busy and total CPU time so far, over every core, in ms. */
export function machineTimes(): { machineBusy: number; machineTotal: number } {
  let machineBusy = 0;
  let machineTotal = 0;
  for (const { times } of cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq;
    machineBusy += busy;
    machineTotal += busy + times.idle;
  }
  return { machineBusy, machineTotal };
}

export async function cpuSnapshot(server: Child<ServerApi>, upstream: Child<UpstreamApi>): Promise<CpuSnapshot> {
  const [serverUsage, upstreamUsage] = await Promise.all([server.call("cpu"), upstream.call("cpu")]);
  const clients = cpuTotal(process.cpuUsage());
  return { at: wallNow(), server: cpuTotal(serverUsage), upstream: cpuTotal(upstreamUsage), clients, ...machineTimes() };
}

/** What was used between two snapshots; `at` becomes the elapsed milliseconds. Deltas add up. */
export function cpuUsed(from: CpuSnapshot, to: CpuSnapshot): CpuSnapshot {
  return {
    at: to.at - from.at,
    server: to.server - from.server,
    upstream: to.upstream - from.upstream,
    clients: to.clients - from.clients,
    machineBusy: to.machineBusy - from.machineBusy,
    machineTotal: to.machineTotal - from.machineTotal,
  };
}

export function sumCpu(deltas: CpuSnapshot[]): CpuSnapshot {
  const sum = (pick: (delta: CpuSnapshot) => number) => deltas.reduce((total, delta) => total + pick(delta), 0);
  return {
    at: sum((d) => d.at),
    server: sum((d) => d.server),
    upstream: sum((d) => d.upstream),
    clients: sum((d) => d.clients),
    machineBusy: sum((d) => d.machineBusy),
    machineTotal: sum((d) => d.machineTotal),
  };
}

/** The machine's figure is coarse (the kernel counts in 10 ms ticks): meaningful over long spans only. */
export function busyOf(used: CpuSnapshot): Busy {
  const wallUs = used.at * 1000;
  return {
    server: used.server / wallUs,
    clients: used.clients / wallUs,
    upstream: used.upstream / wallUs,
    machine: used.machineBusy / Math.max(1, used.machineTotal),
  };
}
