import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { wallNow } from "./clock.js";
import { childEnvironment } from "@parley/db/testing";
import { CLOCK_METHOD, type ArgsOf, type Handlers, type IpcMessage, type ResultOf } from "./ipc.js";

/** How far a child's clock is from ours, and how sure we are (half the best round trip). */
export interface ClockCheck {
  offsetMs: number;
  uncertaintyMs: number;
}

export interface Child<Api extends Handlers> {
  readonly name: string;
  call<M extends keyof Api & string>(method: M, ...args: ArgsOf<Api[M]>): Promise<ResultOf<Api[M]>>;
  /** The next `event` whose data passes `accept`. */
  next(event: string, accept?: (data: unknown) => boolean): Promise<unknown>;
  checkClock(): Promise<ClockCheck>;
  stop(): Promise<void>;
}

interface Waiter {
  event: string;
  accept: (data: unknown) => boolean;
  resolve: (data: unknown) => void;
}

const tsxLoader = import.meta.resolve("tsx");

function spawn(entry: URL, args: string[]): ChildProcess {
  // --expose-gc: memory is read after full collections, so garbage does not count as cost.
  // A fixed 16 MB young generation (what V8 grows it to under load anyway): otherwise a server
  // whose young generation happens to grow while connections open looks as if they used it.
  const v8 = ["--expose-gc", "--min-semi-space-size=16", "--max-semi-space-size=16"];
  return fork(fileURLToPath(entry), args, {
    // Workspace packages as TypeScript source, as in every run from a checkout (see base tsconfig).
    execArgv: ["--import", tsxLoader, "--conditions=@parley/source", ...v8],
    env: childEnvironment({ NODE_ENV: "production" }),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

interface Channel {
  call(method: string, params: unknown): Promise<unknown>;
  next(event: string, accept?: (data: unknown) => boolean): Promise<unknown>;
  exit: Promise<Error>;
}

/** Calls matched to answers by id, and events to whoever waits for them. */
function openChannel(worker: ChildProcess, name: string): Channel {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const waiters = new Set<Waiter>();
  let nextId = 1;
  let exited: Error | null = null;
  worker.on("message", (message: IpcMessage) => {
    if ("event" in message) {
      for (const waiter of waiters) {
        if (waiter.event !== message.event || !waiter.accept(message.data)) continue;
        waiters.delete(waiter);
        waiter.resolve(message.data);
      }
      return;
    }
    const call = pending.get(message.id);
    pending.delete(message.id);
    if ("error" in message) call?.reject(new Error(`${name}: ${message.error}`));
    else call?.resolve(message.result);
  });
  const exit = new Promise<Error>((resolve) =>
    worker.once("exit", (code, signal) => {
      const error = new Error(`${name} exited (${signal ?? code})`);
      exited = error;
      for (const call of pending.values()) call.reject(error);
      resolve(error);
    }),
  );
  return {
    call(method, params) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      worker.send({ id, method, params });
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    next: (event, accept = () => true) =>
      Promise.race([
        new Promise<unknown>((resolve) => waiters.add({ event, accept, resolve })),
        exit.then((error) => Promise.reject(error)),
      ]),
    exit,
  };
}

/** Forks `entry` (a .ts file) and resolves once it has emitted `ready`, with that event's data. */
export async function startChild<Api extends Handlers>(name: string, entry: URL, args: string[] = []) {
  const worker = spawn(entry, args);
  const channel = openChannel(worker, name);
  let stopped = false;
  const child: Child<Api> = {
    name,
    call: (method, ...args) => channel.call(method, args[0]) as never,
    next: channel.next,
    checkClock: () => checkClock(() => channel.call(CLOCK_METHOD, null) as Promise<number>),
    async stop() {
      if (stopped || worker.exitCode !== null) return;
      stopped = true;
      const timeout = setTimeout(() => worker.kill("SIGKILL"), 30_000);
      await channel.call("stop", null).catch(() => worker.kill("SIGKILL"));
      await channel.exit;
      clearTimeout(timeout);
    },
  };
  const ready = await channel.next("ready");
  return { child, ready };
}

/** NTP-style: the round trip with the least delay bounds the offset best. */
async function checkClock(theirClock: () => Promise<number>): Promise<ClockCheck> {
  let best: ClockCheck = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 50; round++) {
    const sentAt = wallNow();
    const theirs = await theirClock();
    const receivedAt = wallNow();
    const uncertaintyMs = (receivedAt - sentAt) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: theirs - (sentAt + receivedAt) / 2, uncertaintyMs };
  }
  return best;
}
