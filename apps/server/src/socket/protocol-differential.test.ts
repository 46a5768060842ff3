import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario, startOurHost, startTrpcHost, type ProtocolHost, type Step } from "./protocol-hosts.test-support.js";

/**
 * Our socket host (socket-host.ts, kept for its idle memory) must speak exactly tRPC's
 * WebSocket protocol: every scenario runs against tRPC's own `applyWSSHandler` and against ours,
 * and both must answer with the same messages. A tRPC upgrade that changes the protocol fails
 * here instead of in users' browsers.
 */

const subscribe = (id: number, path: string, input?: unknown, lastEventId?: string) => ({
  id,
  method: "subscription",
  params: { path, input, ...(lastEventId ? { lastEventId } : {}) },
});
const query = (id: number, path: string, input?: unknown) => ({ id, method: "query", params: { path, input } });
const mutation = (id: number, path: string, input?: unknown) => ({ id, method: "mutation", params: { path, input } });
const stop = (id: number) => ({ id, method: "subscription.stop" });
/** An error answer to `id` with tRPC code `code`. */
const failed = (id: number | null, code: string) =>
  expect.objectContaining({ id, error: expect.objectContaining({ data: expect.objectContaining({ code }) }) }) as unknown;

interface Scenario {
  steps: Step[];
  connectionParams?: boolean;
  /** What tRPC's answer must contain, so the scenario is known to exercise something. */
  includes: unknown[];
}

const scenarios: Record<string, Scenario> = {
  "a query and a mutation": {
    steps: [{ send: query(1, "greet", { name: "Ada" }) }, { until: 1 }, { send: mutation(2, "rename", { to: "B" }) }, { until: 2 }],
    includes: [{ id: 1, result: { type: "data", data: "hello Ada" } }],
  },
  "jsonrpc 2.0 ids echoed": {
    steps: [{ send: { ...query(7, "greet", { name: "J" }), jsonrpc: "2.0" } }, { until: 1 }],
    includes: [{ id: 7, jsonrpc: "2.0", result: { type: "data", data: "hello J" } }],
  },
  "a batch in one frame": {
    steps: [{ send: [query(1, "greet", { name: "a" }), query(2, "whoami")] }, { until: 2 }],
    includes: [{ id: 2, result: { type: "data", data: { token: null } } }],
  },
  "connectionParams carry the token": {
    connectionParams: true,
    steps: [{ send: { method: "connectionParams", data: { token: "secret-1" } } }, { send: query(1, "whoami") }, { until: 1 }],
    includes: [{ id: 1, result: { type: "data", data: { token: "secret-1" } } }],
  },
  "connectionParams of null": {
    connectionParams: true,
    steps: [{ send: { method: "connectionParams", data: null } }, { send: query(1, "whoami") }, { until: 1 }],
    includes: [{ id: 1, result: { type: "data", data: { token: null } } }],
  },
  "connectionParams of a bad shape": {
    connectionParams: true,
    steps: [{ send: { method: "connectionParams", data: { token: 5 } } }, { untilClosed: true }],
    includes: ["closed"],
  },
  "a tracked subscription to its end": {
    steps: [{ send: subscribe(1, "count", { upTo: 3 }) }, { until: 5 }],
    includes: [
      { id: 1, result: { type: "started" } },
      { id: 1, result: { type: "data", id: "2", data: { id: "2", data: { n: 2 } } } },
      { id: 1, result: { type: "stopped" } },
    ],
  },
  "resubscribe with lastEventId": {
    steps: [{ send: subscribe(1, "count", { upTo: 4 }, "2") }, { until: 4 }],
    includes: [{ id: 1, result: { type: "data", id: "3", data: { id: "3", data: { n: 3 } } } }],
  },
  "an untracked subscription": {
    steps: [{ send: subscribe(1, "plain") }, { until: 4 }],
    includes: [{ id: 1, result: { type: "data", data: "one" } }],
  },
  "subscription.stop": {
    steps: [
      { send: subscribe(1, "wait") },
      { until: 2 },
      { send: stop(1) },
      { until: 3 },
      { send: query(2, "greet", { name: "after" }) },
      { until: 4 },
    ],
    includes: [
      { id: 1, result: { type: "data", data: "ready" } },
      { id: 2, result: { type: "data", data: "hello after" } },
    ],
  },
  "stop of an unknown id": {
    steps: [{ send: stop(99) }, { send: query(1, "whoami") }, { until: 1 }],
    includes: [{ id: 1, result: { type: "data", data: { token: null } } }],
  },
  "a duplicate subscription id": {
    steps: [{ send: subscribe(1, "wait") }, { until: 2 }, { send: subscribe(1, "wait") }, { until: 3 }],
    includes: [{ id: 1, result: { type: "started" } }, failed(1, "BAD_REQUEST")],
  },
  "a subscription failing mid-stream": {
    steps: [{ send: subscribe(1, "broken") }, { until: 4 }],
    includes: [{ id: 1, result: { type: "data", data: 1 } }, failed(1, "CONFLICT"), { id: 1, result: { type: "stopped" } }],
  },
  "a thrown TRPCError and an unexpected error": {
    steps: [{ send: mutation(1, "refuse") }, { until: 1 }, { send: query(2, "explode") }, { until: 2 }],
    includes: [failed(1, "FORBIDDEN"), failed(2, "INTERNAL_SERVER_ERROR")],
  },
  "an unknown procedure and bad input": {
    steps: [
      { send: query(1, "nope") },
      { until: 1 },
      { send: query(2, "greet", { name: "" }) },
      { until: 2 },
      { send: subscribe(3, "count", { upTo: "x" }) },
      { until: 3 },
    ],
    includes: [failed(1, "NOT_FOUND"), failed(2, "BAD_REQUEST"), failed(3, "BAD_REQUEST")],
  },
  "a subscription called as a query": {
    steps: [{ send: query(1, "plain") }, { until: 1 }],
    includes: [expect.objectContaining({ id: 1, error: expect.anything() })],
  },
  "frames that are not JSON or not messages": {
    steps: [
      { send: "{not json" },
      { until: 1 },
      { send: { hello: "world" } },
      { until: 2 },
      { send: { method: "query", params: { path: "whoami" } } },
      { until: 3 },
      { send: 42 },
      { until: 4 },
    ],
    includes: [failed(null, "PARSE_ERROR")],
  },
  "a binary frame": {
    steps: [{ send: JSON.stringify(query(1, "greet", { name: "bin" })), binary: true }, { until: 1 }],
    includes: [failed(null, "PARSE_ERROR")],
  },
  "the client's PING": {
    steps: [{ send: "PING" }, { until: 1 }, { send: "PONG" }, { send: query(1, "whoami") }, { until: 2 }],
    includes: ["PONG"],
  },
  "the reconnect notice": {
    steps: [{ send: query(1, "whoami") }, { until: 1 }, { broadcastReconnect: true }, { until: 2 }],
    includes: [{ id: null, method: "reconnect" }],
  },
};

describe("tRPC WebSocket protocol: our host answers like applyWSSHandler", () => {
  const keepAlive = { pingMs: 60_000, pongWaitMs: 60_000 };
  let trpc: ProtocolHost;
  let ours: ProtocolHost;
  beforeAll(async () => {
    [trpc, ours] = await Promise.all([startTrpcHost(keepAlive), startOurHost(keepAlive)]);
  });
  afterAll(async () => {
    await Promise.all([trpc.close(), ours.close()]);
  });

  it.each(Object.entries(scenarios))("%s", async (_name, scenario) => {
    const options = { connectionParams: scenario.connectionParams ?? false };
    const [expected, actual] = await Promise.all([runScenario(trpc, scenario.steps, options), runScenario(ours, scenario.steps, options)]);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected).toEqual(expect.arrayContaining(scenario.includes));
    expect(actual).toEqual(expected);
  });
});

describe("keep-alive: the server's PING, and the close when no PONG comes", () => {
  const keepAlive = { pingMs: 150, pongWaitMs: 200 };
  let trpc: ProtocolHost;
  let ours: ProtocolHost;
  beforeAll(async () => {
    [trpc, ours] = await Promise.all([startTrpcHost(keepAlive), startOurHost(keepAlive)]);
  });
  afterAll(async () => {
    await Promise.all([trpc.close(), ours.close()]);
  });

  it("pings an idle client and closes it when it does not answer", async () => {
    const steps: Step[] = [{ until: 1 }, { untilClosed: true }];
    const [expected, actual] = await Promise.all([runScenario(trpc, steps), runScenario(ours, steps)]);
    expect(expected).toEqual(["PING", "closed"]);
    expect(actual).toEqual(expected);
  });

  it("keeps a client that answers PONG", async () => {
    const steps: Step[] = [{ until: 1 }, { send: "PONG" }, { until: 2 }, { send: "PONG" }, { until: 3 }];
    const [expected, actual] = await Promise.all([runScenario(trpc, steps), runScenario(ours, steps)]);
    expect(expected).toEqual(["PING", "PING", "PING"]);
    expect(actual).toEqual(expected);
  });
});
