import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { childEnvironment } from "@parley/db/testing";
import { fileURLToPath } from "node:url";

const cliDir = fileURLToPath(new URL("../", import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once `text` has appeared on stdout. */
  waitForStdout(pattern: RegExp): Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * `parley ARGS` as a person or a script runs it: a separate Node process with tsx's loader, its
 * own config folder, input through stdin (closed after `input` unless `keepStdinOpen`), and
 * `nodeFlags` for Node itself (a heap limit, in the memory tests).
 */
export function startCli(
  args: string[],
  options: { configHome: string; input?: string; keepStdinOpen?: boolean; nodeFlags?: string[] },
): CliRun {
  const env: NodeJS.ProcessEnv = childEnvironment({ XDG_CONFIG_HOME: options.configHome });
  delete env.PARLEY_URL;
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), "--conditions=@parley/source", "--import", "tsx", "src/main.ts", ...args],
    { cwd: cliDir, env },
  );
  let stdout = "";
  let stderr = "";
  const watchers: Array<() => void> = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watcher of [...watchers]) watcher();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.input !== undefined) child.stdin.write(options.input);
  if (!options.keepStdinOpen) child.stdin.end();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitForStdout: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          watchers.splice(watchers.indexOf(check), 1);
          resolve();
        };
        watchers.push(check);
        void done.then(() => reject(new Error(`parley exited before printing ${pattern}:\n${stdout}\n${stderr}`)));
        check();
      }),
    done,
  };
}

/** Runs `parley ARGS` to the end. */
export const runCli = (args: string[], options: { configHome: string; input?: string }) => startCli(args, options).done;
