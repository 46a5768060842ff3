import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, MISSING_ID, modelConfig, startTestServer, unchecked, type ApiClient, type TestServer } from "../harness.js";

// Whatever a client sends, the answer is a typed error (never a 500) and nothing is written.

let server: TestServer;
let api: ApiClient;
let accessToken: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ api, accessToken } = await server.signUp());
});
afterAll(async () => {
  await server.stop();
});

type SendInput = Parameters<ApiClient["chat"]["send"]["mutate"]>[0];
const send = (input: unknown) => api.chat.send.mutate(unchecked<SendInput>(input));
const general = { kind: "general" };
const toSession = (id: unknown) => ({ target: { sessionId: id }, content: "hi" });
const firstSend = (idempotencyKey: unknown) => ({ target: { context: general, idempotencyKey }, content: "hi" });

/** Each bad chat.send: the input, and the message that names what is wrong. */
const badSends: Array<[string, unknown, string]> = [
  [
    "content over 32,000 characters",
    { target: { sessionId: 1 }, content: "x".repeat(32_001) },
    "content: A message can be at most 32000 characters",
  ],
  ["empty content", { target: { sessionId: 1 }, content: "" }, "content: A message cannot be empty"],
  ["whitespace-only content", { target: { sessionId: 1 }, content: " \n\t  " }, "content: A message cannot be empty"],
  ["content with a NUL character", { target: { sessionId: 1 }, content: "a\u0000b" }, "content: Text cannot contain the NUL character"],
  ["content that is not text", { target: { sessionId: 1 }, content: 42 }, "content: Invalid input: expected string"],
  ["no content", { target: { sessionId: 1 } }, "content: Invalid input: expected string, received undefined"],
  ["a session id sent as a string", toSession("12"), "target.sessionId: Invalid input: expected number, received string"],
  ["a negative session id", toSession(-5), "target.sessionId: Too small"],
  ["a zero session id", toSession(0), "target.sessionId: Too small"],
  ["a fractional session id", toSession(1.5), "target.sessionId: Invalid input: expected int"],
  ["a session id beyond int4", toSession(2 ** 31), "target.sessionId: Too big"],
  ["an extra field", { ...toSession(1), priority: "high" }, 'Unrecognized key: "priority"'],
  ["an extra field in the target", { target: { sessionId: 1, userId: "someone" }, content: "hi" }, 'target: Unrecognized key: "userId"'],
  [
    "an unknown context kind",
    { target: { context: { kind: "portfolio" }, idempotencyKey: "abcdefgh" }, content: "hi" },
    "target.context.kind",
  ],
  [
    "a model id sent as a string",
    { target: { context: { kind: "model", modelId: "7" }, idempotencyKey: "abcdefgh" }, content: "hi" },
    "target.context.modelId: Invalid input: expected number, received string",
  ],
  ["a first send without an idempotency key", firstSend(undefined), "target.idempotencyKey: Invalid input"],
  ["an idempotency key with spaces", firstSend("not a key!"), "target.idempotencyKey: Use letters, digits, '-' or '_'"],
  ["a too short idempotency key", firstSend("short"), "target.idempotencyKey: Too small"],
  ["a too long idempotency key", firstSend("k".repeat(65)), "target.idempotencyKey: Too big"],
  ["a malformed client message id", { ...toSession(1), clientMessageId: "<script>" }, "clientMessageId: Use letters, digits"],
];

async function rowCounts() {
  const prisma = server.database.prisma;
  return { sessions: await prisma.chatSession.count(), messages: await prisma.chatMessage.count() };
}

describe("chat.send with bad input", () => {
  it.each(badSends)("refuses %s with BAD_REQUEST and writes nothing", async (_case, input, message) => {
    const before = await rowCounts();
    const failure = await failureOf(send(input));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT", httpStatus: 400 });
    expect(failure.message).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers NOT_FOUND for a conversation that does not exist, and writes nothing", async () => {
    const before = await rowCounts();
    const failure = await failureOf(send(toSession(MISSING_ID)));
    expect(failure).toMatchObject({ code: "NOT_FOUND", message: "Conversation not found" });
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts content of exactly 32,000 characters", async () => {
    const target = { context: { kind: "general" as const }, idempotencyKey: "max_length_message" };
    const sent = await api.chat.send.mutate({ target, content: "y".repeat(32_000) });
    expect(sent.message.content).toHaveLength(32_000);
  });
});

// PostgreSQL's text refuses U+0000 (error 22021): each free-text field says so before writing.
describe("text with a NUL character", () => {
  const nul = "before\u0000after";

  it("is refused in a model's name, rules and instructions", async () => {
    const before = await server.database.prisma.tradingModel.count();
    for (const field of ["name", "customRules", "customInstructions"] as const) {
      const failure = await failureOf(api.models.create.mutate({ ...modelConfig, [field]: nul }));
      expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
      expect(failure.message).toContain(`${field}: Text cannot contain the NUL character`);
    }
    expect(await server.database.prisma.tradingModel.count()).toBe(before);
  });

  it("is refused in a conversation title, which stays as it was", async () => {
    const session = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const failure = await failureOf(api.sessions.rename.mutate({ sessionId: session.id, title: nul }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect((await api.sessions.get.query({ sessionId: session.id })).title).toBe(session.title);
  });

  it("is refused in a display name at sign-up", async () => {
    const failure = await failureOf(
      server.client().auth.signUp.mutate({ email: "nul@example.com", password: "long-enough-password", displayName: nul }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect(await server.database.prisma.user.count({ where: { email: "nul@example.com" } })).toBe(0);
  });
});

// A lone UTF-16 surrogate would be stored as U+FFFD without a word: refused like NUL.
describe("text that is not well-formed Unicode", () => {
  const lone = "before\ud83dafter";

  it("is refused in a message and a model's name, and nothing is written", async () => {
    const before = await rowCounts();
    const sent = await failureOf(send({ target: { context: general, idempotencyKey: "lone_surrogate" }, content: lone }));
    expect(sent).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT", httpStatus: 400 });
    expect(sent.message).toContain("content: Text is not well-formed Unicode");
    const model = await failureOf(api.models.create.mutate({ ...modelConfig, name: "\udc00" }));
    expect(model.message).toContain("name: Text is not well-formed Unicode");
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts a whole surrogate pair (an emoji) and stores it unchanged", async () => {
    const target = { context: { kind: "general" as const }, idempotencyKey: "whole_emoji" };
    const sent = await api.chat.send.mutate({ target, content: "😀 ok" });
    const stored = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(stored.content).toBe("😀 ok");
  });
});

describe("weak passwords at sign-up", () => {
  it.each([
    ["a common password", "password", "This password is too common: choose another"],
    ["a common password in capitals", "PASSWORD123", "This password is too common: choose another"],
    ["eight spaces", "        ", "Password must have at least 8 characters besides spaces"],
    ["seven letters padded with spaces", "  abcdefg  ", "Password must have at least 8 characters besides spaces"],
  ])("refuses %s with a clear message and creates no account", async (_case, password, message) => {
    const email = `weak-${password.trim().length}-${Date.now()}@example.test`;
    const failure = await failureOf(server.client().auth.signUp.mutate({ email, password, displayName: "Weak" }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect(failure.message).toContain(`password: ${message}`);
    expect(await server.database.prisma.user.count({ where: { email } })).toBe(0);
  });
});

const cursorOf = (text: string) => Buffer.from(text).toString("base64url");

describe("sessions.list with a forged cursor", () => {
  it.each([
    ["not base64 at all", "%%% not a cursor %%%"],
    ["base64 of garbage", cursorOf("garbage")],
    ["a non-numeric id", cursorOf("2026-01-01T00:00:00.000Z|abc")],
    ["a negative id", cursorOf("2026-01-01T00:00:00.000Z|-1")],
    ["an id beyond int4", cursorOf("2026-01-01T00:00:00.000Z|99999999999999999999")],
    ["a date PostgreSQL cannot hold", cursorOf("-271821-04-20T00:00:00.000Z|1")],
    ["a date that is not ISO", cursorOf("1|1")],
    ["an impossible date", cursorOf("2026-13-45T00:00:00.000Z|1")],
  ])("refuses %s with BAD_REQUEST", async (_case, cursor) => {
    const before = await rowCounts();
    const failure = await failureOf(api.sessions.list.query({ cursor }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT", message: "cursor: not a cursor this API returned" });
    expect(await rowCounts()).toEqual(before);
  });

  it("still accepts the cursors it hands out", async () => {
    for (let i = 0; i < 3; i++) await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const first = await api.sessions.list.query({ limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await api.sessions.list.query({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.length).toBeGreaterThan(0);
  });
});

describe("malformed requests over raw HTTP", () => {
  it.each([
    ["invalid JSON", "{not json"],
    ["JSON that is not an object", "[1, 2, 3]"],
    ["an empty body", ""],
  ])("answers %s to /trpc/chat.send with a 4xx JSON error, not a 500", async (_case, body) => {
    const before = await rowCounts();
    const response = await fetch(`${server.url}/trpc/chat.send`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toContain("application/json");
    const payload = (await response.json()) as { error?: { data?: { appCode?: string } } };
    expect(payload.error?.data?.appCode).toBe("INVALID_INPUT");
    expect(await rowCounts()).toEqual(before);
  });
});
