/** Memory of a server process after full garbage collections, in bytes. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  external: number;
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
}

/**
 * Memory once it has stopped shrinking: full collections, with pauses, until RSS moves by less
 * than 64 KiB between two readings (V8 and the allocator give pages back late, and a reading
 * taken before they do would count them as used).
 */
export async function settledMemory(): Promise<MemoryReading> {
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 30; round++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rss, heapUsed, external } = process.memoryUsage();
    if (Math.abs(previous - rss) < 64 * 1024) return { rss, heapUsed, external };
    previous = rss;
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
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
