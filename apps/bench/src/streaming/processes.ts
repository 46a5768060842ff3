import { startChild, type Child } from "./child-process.js";
import { openBareConnection } from "./bare-connection.js";
import { openParleyConnection } from "./parley-connection.js";
import type { ParleyApi, ServerApi } from "./server-api.js";
import type { StreamConnection } from "./stream-tracker.js";
import type { UpstreamApi } from "./upstream-api.js";

/** A server under test, and how to open client connection `index` to it (its own conversation). */
export interface Target {
  label: string;
  /** Short, for scenario tags. */
  id: string;
  server: Child<ServerApi>;
  open(index: number): Promise<StreamConnection>;
}

export interface Processes {
  upstream: Child<UpstreamApi>;
  parley: Target;
  bare: Target;
  /** Parley's conversations, by connection index. */
  sessionIds: number[];
  /** The send baseline's bare writes and publish, in Parley's process (ms). */
  bareWrites(sessionId: number): Promise<number>;
  stop(): Promise<void>;
}

const entry = (file: string) => new URL(file, import.meta.url);

/**
 * Three processes besides this one (the clients): the scripted upstream, Parley, and the bare
 * baseline; both servers stream from the same upstream. `conversations` is how many client
 * connections (each with its own user and conversation) Parley must be ready for.
 */
export async function startProcesses(conversations: number): Promise<Processes> {
  const upstream = await startChild<UpstreamApi>("upstream", entry("./upstream-entry.ts"));
  const upstreamUrl = String(upstream.ready);
  const [parley, bare] = await Promise.all([
    startChild<ParleyApi>("Parley server", entry("./parley-entry.ts"), [upstreamUrl]),
    startChild<ServerApi>("bare ws server", entry("./baseline-entry.ts"), [upstreamUrl]),
  ]);
  const accounts = await parley.child.call("accounts", conversations);
  const parleyUrl = String(parley.ready);
  const bareUrl = String(bare.ready);
  return {
    upstream: upstream.child,
    parley: {
      label: "Parley",
      id: "p",
      server: parley.child,
      open(index) {
        const account = accounts[index];
        if (!account) throw new Error(`only ${accounts.length} accounts were made`);
        return openParleyConnection(parleyUrl, account);
      },
    },
    bare: { label: "bare ws", id: "b", server: bare.child, open: (index) => openBareConnection(bareUrl, `conversation-${index}`) },
    sessionIds: accounts.map((account) => account.sessionId),
    bareWrites: (sessionId) => parley.child.call("bareWrites", sessionId),
    async stop() {
      await Promise.all([parley.child.stop(), bare.child.stop()]);
      await upstream.child.stop();
    },
  };
}

/** Opens connections `from`…`from + count - 1`, a few at a time (a burst would overflow the listen backlog). */
export async function openConnections(target: Target, from: number, count: number): Promise<StreamConnection[]> {
  const connections: StreamConnection[] = [];
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    connections.push(...(await Promise.all(Array.from({ length: size }, (_, i) => target.open(from + start + i)))));
  }
  return connections;
}

export async function closeConnections(connections: StreamConnection[]): Promise<void> {
  await Promise.all(connections.map((connection) => connection.close()));
}
