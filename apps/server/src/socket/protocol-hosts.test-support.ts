import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC, tracked, TRPCError } from "@trpc/server";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { hostSockets } from "./socket-host.js";

// A small router exercising every message kind of tRPC's WebSocket protocol, served by tRPC's
// own adapter and by ours (see protocol-differential.test.ts).

interface Context {
  token: string | null;
}

const t = initTRPC.context<Context>().create({ isDev: false });

export const protocolRouter = t.router({
  whoami: t.procedure.query(({ ctx }) => ({ token: ctx.token })),
  greet: t.procedure.input(z.object({ name: z.string().min(1) })).query(({ input }) => `hello ${input.name}`),
  rename: t.procedure.input(z.object({ to: z.string() })).mutation(({ input }) => ({ renamed: input.to })),
  refuse: t.procedure.mutation(() => {
    throw new TRPCError({ code: "FORBIDDEN", message: "not for you" });
  }),
  explode: t.procedure.query(() => {
    throw new Error("a bug");
  }),
  count: t.procedure.input(z.object({ upTo: z.number().int().max(20), lastEventId: z.string().nullish() })).subscription(async function* ({
    input,
  }) {
    for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.upTo; i++) yield tracked(String(i), { n: i });
  }),
  plain: t.procedure.subscription(async function* () {
    yield "one";
    yield "two";
  }),
  wait: t.procedure.subscription(async function* ({ signal }) {
    yield "ready";
    await new Promise((resolve) => signal?.addEventListener("abort", resolve));
  }),
  broken: t.procedure.subscription(async function* () {
    yield 1;
    throw new TRPCError({ code: "CONFLICT", message: "went wrong mid-stream" });
  }),
});

export interface ProtocolHost {
  url: string;
  broadcastReconnect(): void;
  close(): Promise<void>;
}

export interface KeepAlive {
  pingMs: number;
  pongWaitMs: number;
}

async function listen(server: Server, wss: WebSocketServer, broadcastReconnect: () => void, stop: () => void): Promise<ProtocolHost> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    broadcastReconnect,
    async close() {
      stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function startTrpcHost(keepAlive: KeepAlive): Promise<ProtocolHost> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const handler = applyWSSHandler({
    wss,
    router: protocolRouter,
    createContext: ({ info }) => ({ token: info.connectionParams?.token ?? null }),
    keepAlive: { enabled: true, ...keepAlive },
  });
  return listen(
    server,
    wss,
    () => handler.broadcastReconnectNotification(),
    () => undefined,
  );
}

export async function startOurHost(keepAlive: KeepAlive): Promise<ProtocolHost> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const sockets = hostSockets<Context>({
    wss,
    router: protocolRouter,
    createContext: (token) => Promise.resolve({ token }),
    onError: () => undefined,
    keepAlive,
    limits: { maxCallsPerBatch: 100, maxSubscriptionsPerSocket: 100, maxSocketsPerUser: 100 },
    ownerOf: () => null,
  });
  return listen(
    server,
    wss,
    () => sockets.broadcastReconnect(),
    () => sockets.close(),
  );
}

/** What a client sees: each message parsed (PING/PONG as text), and `closed` when the socket closes. */
export type Seen = unknown;
export type Step = { send: unknown; binary?: boolean } | { until: number } | { broadcastReconnect: true } | { untilClosed: true };

/** Runs one scenario's steps on a fresh client socket and returns everything it received. */
export async function runScenario(host: ProtocolHost, steps: Step[], options: { connectionParams?: boolean } = {}): Promise<Seen[]> {
  const socket = new WebSocket(host.url + (options.connectionParams ? "/?connectionParams=1" : "/"));
  const seen: Seen[] = [];
  let closed = false;
  let changed = () => undefined as void;
  socket.on("message", (data, isBinary) => {
    const text = String(data);
    seen.push(isBinary || text === "PING" || text === "PONG" ? text : (JSON.parse(text) as unknown));
    changed();
  });
  socket.on("close", () => {
    closed = true;
    seen.push("closed");
    changed();
  });
  const waitFor = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        resolve();
      };
      changed = check;
      check();
    });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  for (const step of steps) {
    if ("send" in step)
      socket.send(typeof step.send === "string" ? step.send : JSON.stringify(step.send), { binary: step.binary ?? false });
    else if ("until" in step) await waitFor(() => seen.length >= step.until);
    else if ("untilClosed" in step) await waitFor(() => closed);
    else host.broadcastReconnect();
  }
  // Anything that would arrive after the scenario's last expected message counts too.
  await new Promise((resolve) => setTimeout(resolve, 60));
  socket.removeAllListeners();
  socket.terminate();
  return seen;
}
