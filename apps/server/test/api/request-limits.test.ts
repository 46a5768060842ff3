import { request } from "node:http";
import { defaultTransportLimits } from "@parley/api";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";

// What one request, one WebSocket message or one user may ask of the server at once.

const limits = defaultTransportLimits;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Starts a POST announcing `announced` bytes, writes only a little, and resolves with the answer. */
function postAnnouncing(path: string, announced: number) {
  return new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    const url = new URL(`${server.url}${path}`);
    const call = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST" }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, written: 64 * 1024 }));
    });
    call.setHeader("content-type", "application/json");
    call.setHeader("content-length", announced);
    call.on("error", reject);
    call.write("x".repeat(64 * 1024));
  });
}

async function postJson(path: string, body: unknown, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as unknown };
}

const renameBatch = (count: number, sessionId: number) => ({
  path: `/trpc/${Array.from({ length: count }, () => "sessions.rename").join(",")}?batch=1`,
  body: Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), { sessionId, title: `title ${i}` }])),
});

describe("request bodies", () => {
  it("refuses an anonymous 50 MB body to auth.signIn with 413 before reading it", async () => {
    const answer = await postAnnouncing("/trpc/auth.signIn", 50 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { data: { appCode: "TOO_LARGE", httpStatus: 413 } } });
    expect(answer.body).toContain(`at most ${limits.maxBodyBytes} bytes`);
  });

  it("cuts off a body without a length (chunked) once it passes the limit, with 413", async () => {
    const big = JSON.stringify({ email: "a@example.test", password: "p".repeat(limits.maxBodyBytes) });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});

describe("calls per HTTP batch", () => {
  it("refuses a batch of 500 sessions.rename with 413 naming the cap; a bystander is served meanwhile", async () => {
    const { api, accessToken } = await server.signUp();
    const session = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const batch = renameBatch(500, session.id);
    const [first, second, bystander] = await Promise.all([
      postJson(batch.path, batch.body, accessToken),
      postJson(batch.path, batch.body, accessToken),
      api.sessions.list.query({}),
    ]);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(413);
      expect(JSON.stringify(answer.body)).toContain(`A batch can hold at most ${limits.maxCallsPerBatch} calls; this one has 500`);
    }
    expect(bystander.items.map((item) => item.id)).toContain(session.id);
    expect((await api.sessions.get.query({ sessionId: session.id })).title).toBe(session.title);
  });

  it("serves six full batches and a bystander at once without a 500 (a saturated pool answers 503)", async () => {
    const { api, accessToken } = await server.signUp();
    const session = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const batch = renameBatch(limits.maxCallsPerBatch, session.id);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => postJson(batch.path, batch.body, accessToken)),
      postJson("/trpc/sessions.list", undefined, accessToken).catch(() => null),
    ]);
    const statuses = answers.flatMap((answer) => (answer ? [answer.status] : []));
    const callStatuses = answers.flatMap((answer) =>
      Array.isArray(answer?.body)
        ? (answer.body as Array<{ error?: { data?: { httpStatus?: number } } }>).map((call) => call.error?.data?.httpStatus ?? 200)
        : [],
    );
    expect([...statuses, ...callStatuses].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(await api.sessions.list.query({})).toMatchObject({ items: expect.any(Array) });
  });
});

/** A raw WebSocket speaking tRPC's protocol: every message it receives, parsed. */
async function rawSocket(token: string) {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/trpc?connectionParams=1`);
  const received: Array<{ id?: unknown; error?: { message?: string; data?: { code?: string } }; result?: { type?: string } }> = [];
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  socket.on("message", (raw) => received.push(JSON.parse(raw.toString()) as (typeof received)[number]));
  socket.on("error", () => undefined);
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  return { socket, received, closed };
}

const until = (check: () => boolean) => expect.poll(check, { timeout: 10_000, interval: 50 }).toBe(true);

describe("WebSocket caps", () => {
  it("refuses a message of more calls than the cap, naming it", async () => {
    const { accessToken } = await server.signUp();
    const { socket, received } = await rawSocket(accessToken);
    const calls = Array.from({ length: limits.maxCallsPerBatch + 1 }, (_, i) => ({
      id: i + 1,
      method: "query",
      params: { path: "auth.me", input: undefined },
    }));
    socket.send(JSON.stringify(calls));
    await until(() => received.some((message) => message.error));
    expect(received.filter((message) => message.result)).toEqual([]);
    expect(received[0]?.error?.message).toBe(
      `A message can hold at most ${limits.maxCallsPerBatch} calls; this one has ${limits.maxCallsPerBatch + 1}`,
    );
    expect(received[0]?.error?.data?.code).toBe("PAYLOAD_TOO_LARGE");
    socket.close();
  });

  it(`refuses subscription ${limits.maxSubscriptionsPerSocket + 1} on one socket with TOO_MANY_REQUESTS`, async () => {
    const { api, accessToken } = await server.signUp();
    const session = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const { socket, received } = await rawSocket(accessToken);
    for (let id = 1; id <= limits.maxSubscriptionsPerSocket + 1; id++) {
      socket.send(JSON.stringify({ id, method: "subscription", params: { path: "chat.stream", input: { sessionId: session.id } } }));
    }
    await until(() => received.length >= limits.maxSubscriptionsPerSocket + 1);
    expect(received.filter((message) => message.result?.type === "started")).toHaveLength(limits.maxSubscriptionsPerSocket);
    const refused = received.find((message) => message.error);
    expect(refused?.error?.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(refused?.error?.message).toContain(`At most ${limits.maxSubscriptionsPerSocket} subscriptions per connection`);
    socket.close();
  });

  it(`refuses socket ${limits.maxSocketsPerUser + 1} of one user, and admits one again when another closes`, async () => {
    const { accessToken } = await server.signUp();
    const open = [];
    for (let i = 0; i < limits.maxSocketsPerUser; i++) open.push(await rawSocket(accessToken));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(open.every((connection) => connection.received.length === 0)).toBe(true);
    const extra = await rawSocket(accessToken);
    expect(await extra.closed).toBe(1008);
    expect(extra.received[0]?.error?.message).toContain(`Too many open connections for this account (at most ${limits.maxSocketsPerUser})`);
    open[0]?.socket.close();
    await open[0]?.closed;
    const again = await rawSocket(accessToken);
    again.socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.me" } }));
    await until(() => again.received.some((message) => message.result));
    for (const connection of [...open, again]) connection.socket.close();
  });
});
