/** What every scripted token is; ASCII, so characters and bytes count the same. */
export const TOKEN_TEXT = " tok";

export interface ScenarioPlan {
  /** The scenario's replies are those whose user message is `<tag>/<index>`. */
  tag: string;
  streams: number;
  tokens: number;
  /** Hold each reply until all `streams` have been asked for, then start them together. */
  together: boolean;
}

/** The upstream process's methods (see upstream-entry.ts). */
export interface UpstreamApi {
  [method: string]: (params: never) => unknown;
  arm(plan: ScenarioPlan): void;
  /** Starts the held replies; answers how many. */
  release(tag: string): number;
  /** wallNow() at which each reply's first content chunk was written, by key; forgets the scenario. */
  firstChunks(tag: string): Record<string, number>;
  cpu(): NodeJS.CpuUsage;
  stop(): Promise<void>;
}

export const replyKey = (tag: string, index: number) => `${tag}/${index}`;
export const keyTag = (key: string) => key.split("/")[0] ?? "";
