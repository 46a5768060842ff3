import { spawn, type ChildProcess } from "node:child_process";
import { childEnvironment } from "@parley/db/testing";
import { fileURLToPath } from "node:url";

const serverDir = fileURLToPath(new URL("../../", import.meta.url));
export const FAULT_JWT_SECRET = "fault-test-secret-0123456789-abcdefghijklmnop";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** How the server's entry runs: its TypeScript source through tsx (as in `pnpm dev`), or the build under plain node (`pnpm start`). */
export type ServerEntry = "source" | "built";

const entryArguments: Record<ServerEntry, string[]> = {
  source: ["--import", "tsx", "--conditions=@parley/source", "src/main.ts"],
  built: ["dist/main.js"],
};

/**
 * The server in its own process, as deployed, on a port of its choosing. A setting given as
 * null is removed from the environment the server sees.
 */
export async function startServerProcess(env: Record<string, string | null>, entry: ServerEntry = "source"): Promise<ServerProcess> {
  const settings: Record<string, string | null | undefined> = {
    ...childEnvironment(),
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    PARLEY_SEED_DEMO: "false",
    JWT_SECRET: FAULT_JWT_SECRET,
    ...env,
  };
  const child = spawn(process.execPath, entryArguments[entry], {
    cwd: serverDir,
    env: Object.fromEntries(Object.entries(settings).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output, exited, kill: (signal) => child.kill(signal) };
}
