import { parseArgs } from "node:util";
import type { RouterInputs } from "@parley/client";

export const DEFAULT_URL = "http://127.0.0.1:3000";

export const usage = `usage: parley [--url URL] [--json] <command> [options]

  login [--email EMAIL]            sign in; the password is read from the terminal (or stdin)
  logout                           sign out and forget the stored tokens
  whoami                           who is signed in, and which assistant answers
  models [--deleted]               your trading models
  runs <modelId>                   a model's runs
  runs import FILE --model ID [--run ID] [--format generic|alpaca|ibkr|json] [--keep-good]
       [--kind backtest|paper|live] [--capital N] [--time-zone ZONE]
                                   import fills from a file into a new run of the model (or into
                                   run ID), in batches; all-or-nothing unless --keep-good
  conversations [CONTEXT]          your conversations, most recent first
  show <conversationId> [--limit N]   a conversation's messages
  open <conversationId>            make it the active conversation, show it, then chat in it
  resume <conversationId>          make it the active conversation of its context
  new [CONTEXT]                    start a new, empty conversation (it becomes the active one)
  delete <conversationId>          delete a conversation and its messages (undo within 10 s)
  undo <undoId>                    put back what delete did, within its 10 s
  search [CONTEXT] [--tag T]... WORDS...
                                   full-text search over your conversations' titles and
                                   messages ("phrase", or, -word work as on the web)
  chat [CONTEXT | --conversation ID] [--new] [MESSAGE...]
                                   send MESSAGE and stream the reply; without MESSAGE, one
                                   message per line of input. Ctrl-C stops the reply (its
                                   partial text is kept). Default: the context's active conversation
  export [CONTEXT | ID...] [--markdown] > FILE
                                   all your conversations (or one context's, or the ones named)
                                   as JSON Lines (docs/EXPORT_FORMAT.md), streamed page by page;
                                   --markdown: readable Markdown of each one's shown branch
  import FILE [--as-general]       import a Parley export or ChatGPT's conversations.json,
                                   streamed; prints what became of each conversation.
                                   --as-general keeps conversations of models you do not have
                                   as general ones (else they fail)
  stats [--top N]                  usage statistics (administrators)
  keys [list]                      your API keys (never their secrets)
  keys create NAME [--scope read|runs:write]...   a key for a program; the secret is shown once
  keys revoke <keyId>              refuse the key from its next call on
  share <conversationId> [--expires DAYS] [--with-settings] [--signed-in-only]
                                   a read-only link to the conversation as it is now (no
                                   account needed to read it); the link is shown once.
                                   --with-settings shows the model's configuration too;
                                   --signed-in-only opens it only to signed-in users
  share <conversationId> --list    the conversation's links
  share <conversationId> --revoke  revoke every live link of the conversation

  CONTEXT is --general (the default), --model ID, or --model ID --run ID.
  --json prints machine-readable output; --url defaults to $PARLEY_URL or ${DEFAULT_URL}.
  Tokens are stored in $XDG_CONFIG_HOME/parley/config.json (or ~/.config/parley/config.json).`;

/** Wrong use of the command line: exit code 2, with the usage. */
export class UsageError extends Error {}

const options = {
  url: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  email: { type: "string" },
  general: { type: "boolean", default: false },
  model: { type: "string" },
  run: { type: "string" },
  conversation: { type: "string", short: "c" },
  new: { type: "boolean", default: false },
  deleted: { type: "boolean", default: false },
  limit: { type: "string" },
  top: { type: "string" },
  scope: { type: "string", multiple: true },
  tag: { type: "string", multiple: true },
  format: { type: "string" },
  kind: { type: "string" },
  capital: { type: "string" },
  "time-zone": { type: "string" },
  "keep-good": { type: "boolean", default: false },
  expires: { type: "string" },
  revoke: { type: "boolean", default: false },
  list: { type: "boolean", default: false },
  "with-settings": { type: "boolean", default: false },
  "signed-in-only": { type: "boolean", default: false },
  "as-general": { type: "boolean", default: false },
  markdown: { type: "boolean", default: false },
} as const;

function id(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 2_147_483_647) {
    throw new UsageError(`${name} must be a positive whole number, not "${value}"`);
  }
  return parsed;
}

export function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  return {
    command,
    positionals: rest,
    url: values.url,
    json: values.json,
    help: values.help,
    email: values.email,
    general: values.general,
    model: id(values.model, "--model"),
    run: id(values.run, "--run"),
    conversation: id(values.conversation, "--conversation"),
    new: values.new,
    deleted: values.deleted,
    limit: id(values.limit, "--limit"),
    top: id(values.top, "--top"),
    scope: values.scope ?? [],
    tag: values.tag ?? [],
    format: values.format,
    kind: values.kind,
    capital: values.capital,
    timeZone: values["time-zone"],
    keepGood: values["keep-good"],
    expires: id(values.expires, "--expires"),
    revoke: values.revoke,
    list: values.list,
    withSettings: values["with-settings"],
    signedInOnly: values["signed-in-only"],
    asGeneral: values["as-general"],
    markdown: values.markdown,
  };
}

export type CommandLine = ReturnType<typeof parseCommandLine>;

/** Every positional as a conversation id, e.g. `export 12 15`. */
export function positionalIds(args: CommandLine, what: string): number[] {
  return args.positionals.map((value) => id(value, what) ?? 0);
}

/** The positional id a command needs, e.g. `open 12`. */
export function requiredId(args: CommandLine, what: string): number {
  const value = id(args.positionals[0], what);
  if (value === undefined) throw new UsageError(`parley ${args.command ?? ""} needs a ${what}`);
  return value;
}

export type ConversationContext = RouterInputs["sessions"]["startNew"]["context"];

/** --general, --model ID, or --model ID --run ID; general when none is given. */
export function contextOf(args: CommandLine): ConversationContext {
  if (args.run !== undefined && args.model === undefined) throw new UsageError("--run needs --model (the run's model)");
  if (args.general && args.model !== undefined) throw new UsageError("--general and --model exclude each other");
  if (args.model === undefined) return { kind: "general" };
  return args.run === undefined ? { kind: "model", modelId: args.model } : { kind: "run", modelId: args.model, runId: args.run };
}
