import { readFileSync } from "node:fs";
import v8 from "node:v8";

/** Memory of a server process after full garbage collections, in bytes. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  external: number;
  /**
   * Resident memory V8 holds but no live object uses: free space in its heap spaces
   * (physical − used) plus freed pages it keeps pooled for reuse (resident, in no space).
   */
  heapSlack: number;
}

/** What both server processes (Parley and the bare baseline) answer over IPC. */
export interface ServerApi {
  [method: string]: (params: never) => unknown;
  cpu(): NodeJS.CpuUsage;
  memory(): Promise<MemoryReading>;
  /** Conversation subscriptions currently open. */
  subscribers(): number;
  /** wallNow() at which each reply's first content chunk reached the server, by key; forgets the scenario. */
  firstChunks(tag: string): Record<string, number>;
  /** What the server has logged with console.error so far. */
  loggedErrors(): LoggedErrors;
  stop(): Promise<void>;
}

/** A user who may follow and write in one conversation. */
export interface Account {
  token: string;
  sessionId: number;
}

export interface ParleyApi extends ServerApi {
  /** Creates `count` users with one (titled) conversation each. */
  accounts(count: number): Promise<Account[]>;
  /** The send baseline's writes and publish in conversation `sessionId`, on Parley's pool: ms. */
  bareWrites(sessionId: number): Promise<number>;
}

/** V8's pages are mapped one by one, 256 KiB each (regular pages; large objects get their own size). */
const V8_PAGE_KIB = 256;

/** Resident bytes in anonymous mappings of exactly one V8 page: heap spaces' pages and pooled ones. */
function residentV8Pages(): number {
  let total = 0;
  let isPage = false;
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(\S*)/.exec(line);
    if (mapping) {
      const kib = (parseInt(mapping[2] ?? "0", 16) - parseInt(mapping[1] ?? "0", 16)) / 1024;
      isPage = kib === V8_PAGE_KIB && !mapping[3];
    } else if (isPage && line.startsWith("Rss:")) total += parseInt(line.slice(4), 10) * 1024;
  }
  return total;
}

function heapSlack(): number {
  const spaces = v8.getHeapSpaceStatistics();
  const regular = spaces.filter((space) => !space.space_name.includes("large_object"));
  const regularPhysical = regular.reduce((sum, space) => sum + space.physical_space_size, 0);
  const pooled = Math.max(0, residentV8Pages() - regularPhysical);
  const { total_physical_size, used_heap_size } = v8.getHeapStatistics();
  return total_physical_size - used_heap_size + pooled;
}

function reading(): MemoryReading {
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external, heapSlack: heapSlack() };
}

/**
 * Short-lived allocations enough to cycle the young generation: V8 uncommits half of it when
 * allocation is slow, and a reading taken then would have its recommit (32 MB) charged later.
 */
function churnYoungGeneration(): void {
  let sink: object[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    sink.push({ i });
    if (sink.length > 1_000) sink = [];
  }
}

/**
 * Memory once it has stopped shrinking: full collections, with pauses, until RSS moves by less
 * than 64 KiB between two readings (V8 and the allocator give pages back late, and a reading
 * taken before they do would count them as used).
 */
export async function settledMemory(): Promise<MemoryReading> {
  churnYoungGeneration();
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 30; round++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rss } = process.memoryUsage();
    if (Math.abs(previous - rss) < 64 * 1024) return reading();
    previous = rss;
  }
  return reading();
}

export interface LoggedErrors {
  count: number;
  /** Each distinct first line, with how often it came. */
  kinds: Record<string, number>;
}

/**
 * Counts the server's console.error calls instead of printing them: they are reported with
 * the results (a failed save is an error even when every token arrived).
 */
export function captureLoggedErrors(): () => LoggedErrors {
  const logged: LoggedErrors = { count: 0, kinds: {} };
  console.error = (...parts: unknown[]) => {
    logged.count++;
    const text = parts.map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : String(part))).join(" ");
    const kind = (text.split("\n")[0] ?? "").replace(/\d+/g, "N").slice(0, 160);
    if (kind in logged.kinds || Object.keys(logged.kinds).length < 20) logged.kinds[kind] = (logged.kinds[kind] ?? 0) + 1;
  };
  return () => structuredClone(logged);
}
