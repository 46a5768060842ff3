import type { LoggedErrors } from "../streaming/server-api.js";

/** How the benchmark starts one Parley instance (passed to it as one JSON argument). */
export interface InstanceConfig {
  upstreamUrl: string;
  /** The deployment's database, shared by its instances. */
  databaseUrl: string;
  /** Shared by the instances, so a token signed for one is good on the other. */
  jwtSecret: string;
  /** Absent: a single instance, with the in-process bus and coordination. */
  redis?: { url: string; namespace: string; cluster?: boolean; publishMode?: "batched" | "per-event" };
}

/** What an instance answers over IPC. */
export interface InstanceApi {
  [method: string]: (params: never) => unknown;
  cpu(): NodeJS.CpuUsage;
  /** Resident set size now, in bytes (no collection first: read while streaming). */
  rss(): number;
  /** Its process id: /proc/<pid>/status gives its memory without waiting on its event loop. */
  pid(): number;
  loggedErrors(): LoggedErrors;
  /** wallNow() at which each reply of scenario `tag` had its first chunk here, by key; forgets them. */
  firstChunks(tag: string): Record<string, number>;
  /** Replies this instance is writing (their final save and lease release included). */
  activeReplies(): number;
  /** wallNow() at which a viewer's subscription here got each conversation's first delta since the last call. */
  firstDeltas(): Record<number, number>;
  stop(): Promise<void>;
}
