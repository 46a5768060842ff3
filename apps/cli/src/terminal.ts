import { createInterface, type Interface } from "node:readline/promises";
import { Writable } from "node:stream";

/**
 * Input and output for the commands. Interactive (a TTY) it prompts, hides passwords and turns
 * Ctrl-C into an interrupt; piped, it reads one line per answer (how scripts and tests drive
 * it) and SIGINT is the interrupt. Without an interrupt handler, Ctrl-C exits with 130.
 */
export function createTerminal(input = process.stdin, output = process.stdout, errors = process.stderr) {
  const interactive = Boolean(input.isTTY);
  // `parley models | head -1`: a reader that leaves early is not an error.
  output.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  let muted = false;
  // Echo goes through here, so that a password is typed without being shown.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  let reader: Interface | null = null;
  let lines: AsyncIterator<string> | null = null;
  let closed: Promise<null> = new Promise(() => undefined);
  const handlers: Array<() => void> = [];

  const interrupt = () => {
    const handler = handlers.at(-1);
    if (handler) return handler();
    errors.write("\n");
    process.exit(130);
  };
  process.on("SIGINT", interrupt);

  function open(): Interface {
    if (reader) return reader;
    const opened = createInterface({ input, output: echo, terminal: interactive });
    opened.on("SIGINT", interrupt);
    // Ctrl-D (the end of input) answers a pending question with null.
    closed = new Promise((resolve) => opened.once("close", () => resolve(null)));
    reader = opened;
    if (!interactive) lines = opened[Symbol.asyncIterator]();
    return opened;
  }

  async function readLine(prompt: string): Promise<string | null> {
    const opened = open();
    if (lines) {
      const next = await lines.next();
      return next.done ? null : next.value;
    }
    return Promise.race([opened.question(prompt), closed]);
  }

  return {
    interactive,
    out: (text: string) => void output.write(text),
    err: (text: string) => void errors.write(text),
    readLine,
    async readSecret(prompt: string): Promise<string | null> {
      if (!interactive) return readLine(prompt);
      output.write(prompt);
      muted = true;
      try {
        return await readLine("");
      } finally {
        muted = false;
        output.write("\n");
      }
    },
    /** Makes `handler` what Ctrl-C does until the returned function is called. */
    onInterrupt(handler: () => void): () => void {
      handlers.push(handler);
      return () => void handlers.splice(handlers.lastIndexOf(handler), 1);
    },
    close() {
      process.off("SIGINT", interrupt);
      reader?.close();
    },
  };
}

export type Terminal = ReturnType<typeof createTerminal>;
