import type { CommandLine } from "./args.js";
import type { ConfigStore } from "./config-store.js";
import type { Connection } from "./connect.js";
import type { Terminal } from "./terminal.js";

/** What every command gets. */
export interface CommandContext {
  args: CommandLine;
  url: string;
  store: ConfigStore;
  terminal: Terminal;
  /** The API, opened on first use and closed when the command ends. */
  connection(): Connection;
  /** Prints `json` with --json, else `human`. */
  print(human: string, json: unknown): void;
}

/** Resolves to the process's exit code (0 when nothing is returned). */
export type Command = (context: CommandContext) => Promise<number | void>;
