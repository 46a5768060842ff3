// `parley`: Parley in a terminal. Everything it does goes through @parley/client.
import { appErrorCode } from "@parley/client";
import { DEFAULT_URL, parseCommandLine, usage, UsageError, type CommandLine } from "./args.js";
import type { Command, CommandContext } from "./command.js";
import { createConfigStore, type ConfigStore } from "./config-store.js";
import { connect, NotSignedIn, type Connection } from "./connect.js";
import { configFilePath, readCliEnv } from "./env.js";
import { createTerminal, type Terminal } from "./terminal.js";
import { login, logout, whoami } from "./commands/auth.js";
import { chat } from "./commands/chat.js";
import { open, remove, resume, show, startNew } from "./commands/conversation.js";
import { conversations, models, runs } from "./commands/lists.js";
import { keys } from "./commands/keys.js";
import { search, undo } from "./commands/search.js";
import { share } from "./commands/share.js";
import { stats } from "./commands/stats.js";
import { exportCommand, importCommand } from "./commands/transfer.js";

const commands: Record<string, Command> = {
  login,
  logout,
  whoami,
  models,
  runs,
  conversations,
  show,
  open,
  resume,
  new: startNew,
  delete: remove,
  undo,
  search,
  chat,
  stats,
  keys,
  share,
  export: exportCommand,
  import: importCommand,
};

/** One line a person can act on; details only for what is unexpected. */
function describeFailure(error: unknown, url: string): string {
  // Thrown while getting the token, it reaches here as the cause of the call's error.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof NotSignedIn) return cause.message;
  if (error instanceof NotSignedIn) return error.message;
  const code = appErrorCode(error);
  if (code === "UNAUTHENTICATED") return `Not signed in to ${url} (or the session ended): run \`parley login\``;
  if (code === "FORBIDDEN") return `Not allowed: ${(error as Error).message}`;
  if (code) return (error as Error).message;
  const message = (error as Error).message ?? String(error);
  if (/fetch failed|ECONNREFUSED/i.test(message)) return `Cannot reach the Parley server at ${url}: is it running? (--url sets another)`;
  return `Unexpected error: ${message}`;
}

/** The API connection, opened only by commands that need it. */
function lazyConnection(url: string, store: ConfigStore) {
  let opened: Connection | null = null;
  return {
    get: () => (opened ??= connect(url, store)),
    close: async () => opened?.close(),
  };
}

async function run(args: CommandLine, terminal: Terminal): Promise<number> {
  const command = args.command === undefined ? undefined : commands[args.command];
  if (args.help || !command) {
    if (!args.help && args.command !== undefined) throw new UsageError(`unknown command "${args.command}"`);
    terminal.out(`${usage}\n`);
    return args.help ? 0 : 2;
  }
  const env = readCliEnv();
  const url = args.url ?? env.PARLEY_URL ?? DEFAULT_URL;
  const store = createConfigStore(configFilePath(env));
  const connection = lazyConnection(url, store);
  const context: CommandContext = {
    args,
    url,
    store,
    terminal,
    connection: connection.get,
    print: (human, json) => terminal.out(`${args.json ? JSON.stringify(json, null, 2) : human}\n`),
  };
  try {
    return (await command(context)) ?? 0;
  } catch (error) {
    // A command that finds its arguments wrong answers as the command line's parser does.
    if (error instanceof UsageError) throw error;
    terminal.err(`${describeFailure(error, url)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

const terminal = createTerminal();
try {
  process.exitCode = await run(parseCommandLine(process.argv.slice(2)), terminal);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  terminal.err(`parley: ${error.message}\n\n${usage}\n`);
  process.exitCode = 2;
} finally {
  terminal.close();
}
