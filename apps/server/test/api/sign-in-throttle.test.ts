import { request } from "node:http";
import { defaultAbuseLimits } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";

// Sign-in and sign-up under attack, with the default limits. Each test calls from its own
// loopback address (127.0.0.x), so the per-address counts of one test do not touch another's.

const limits = defaultAbuseLimits;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ abuseLimits: defaultAbuseLimits });
});
afterAll(async () => {
  await server.stop();
});

interface CallResult {
  result?: { data?: unknown };
  error?: { message: string; data: { code: string; appCode: string; httpStatus: number; retryAfterMs: number | null } };
}

/** A raw tRPC POST from `from` (a loopback address): the HTTP status, Retry-After and the parsed body. */
function postFrom(from: string, path: string, body: unknown) {
  return new Promise<{ status: number; retryAfter: string | undefined; body: CallResult | CallResult[] }>((resolve, reject) => {
    const url = new URL(`${server.url}/trpc/${path}`);
    const payload = JSON.stringify(body);
    const call = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "POST",
        localAddress: from,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"], body: JSON.parse(text) as CallResult }),
        );
      },
    );
    call.on("error", reject);
    call.end(payload);
  });
}

const signIn = (from: string, email: string, password: string) => postFrom(from, "auth.signIn", { email, password });
const single = (answer: { body: CallResult | CallResult[] }) => (Array.isArray(answer.body) ? {} : answer.body);
const codesOf = (answers: Array<{ body: CallResult | CallResult[] }>) =>
  answers.map((answer) => single(answer).error?.data.appCode ?? "OK");
const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

describe("failed sign-ins", () => {
  it("40 wrong passwords in a row: the account is refused with 429 and Retry-After after the limit, even the right password", async () => {
    const { email, password } = await server.signUp();
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await signIn("127.0.0.2", email, `wrong password ${i}`));
    const codes = codesOf(answers);
    expect(count(codes, "UNAUTHENTICATED")).toBe(limits.signInPerAccount.limit);
    expect(count(codes, "RATE_LIMITED")).toBe(40 - limits.signInPerAccount.limit);
    const refused = answers.at(-1);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);
    expect(single(refused ?? { body: [] }).error?.message).toMatch(/^Too many sign-in attempts for this account: try again in \d+ s$/);
    expect(codesOf([await signIn("127.0.0.2", email, password)])).toEqual(["RATE_LIMITED"]);
  });

  it("40 wrong passwords in parallel: no more than the limit are checked", async () => {
    const { email } = await server.signUp();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn("127.0.0.3", email, `wrong ${i}`)));
    const codes = codesOf(answers);
    expect(count(codes, "UNAUTHENTICATED")).toBe(limits.signInPerAccount.limit);
    expect(count(codes, "RATE_LIMITED")).toBe(40 - limits.signInPerAccount.limit);
  });

  it("a success clears the account's count", async () => {
    const { email, password } = await server.signUp();
    for (let i = 0; i < limits.signInPerAccount.limit - 1; i++) await signIn("127.0.0.4", email, "wrong password");
    expect(codesOf([await signIn("127.0.0.4", email, password)])).toEqual(["OK"]);
    expect(codesOf([await signIn("127.0.0.4", email, "wrong again")])).toEqual(["UNAUTHENTICATED"]);
  });

  it("counts attempts per client address too, across accounts", async () => {
    const attempts = limits.signInPerAddress.limit + 5;
    const answers = await Promise.all(
      Array.from({ length: attempts }, (_, i) => signIn("127.0.0.5", `nobody${i}@example.test`, "whatever")),
    );
    const codes = codesOf(answers);
    expect(count(codes, "UNAUTHENTICATED")).toBe(limits.signInPerAddress.limit);
    const refused = answers.map(single).filter((answer) => answer.error?.data.appCode === "RATE_LIMITED");
    expect(refused).toHaveLength(5);
    for (const answer of refused) expect(answer.error?.message).toMatch(/^Too many sign-in attempts from your network/);
    // Another address is not limited by this one.
    expect(codesOf([await signIn("127.0.0.6", "nobody0@example.test", "whatever")])).toEqual(["UNAUTHENTICATED"]);
  }, 180_000);
});

describe("one HTTP batch of sign-ins", () => {
  it("a 100-call batch is refused whole (413); a full batch is throttled like separate calls, and a bystander signs in meanwhile", async () => {
    const { email } = await server.signUp();
    const bystander = await server.signUp();
    const batch = (n: number) => ({
      path: `${Array.from({ length: n }, () => "auth.signIn").join(",")}?batch=1`,
      body: Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { email, password: `guess ${i}` }])),
    });
    const hundred = batch(100);
    expect((await postFrom("127.0.0.7", hundred.path, hundred.body)).status).toBe(413);

    const full = batch(50);
    let bystanderDone = 0;
    let batchDone = 0;
    const [answer] = await Promise.all([
      postFrom("127.0.0.7", full.path, full.body).then((result) => ((batchDone = performance.now()), result)),
      new Promise((resolve) => setTimeout(resolve, 50))
        .then(() => signIn("127.0.0.8", bystander.email, bystander.password))
        .then((result) => ((bystanderDone = performance.now()), result)),
    ]);
    const codes = (answer.body as CallResult[]).map((call) => call.error?.data.appCode ?? "OK");
    expect(count(codes, "UNAUTHENTICATED")).toBeLessThanOrEqual(limits.signInPerAccount.limit);
    expect(count(codes, "RATE_LIMITED")).toBeGreaterThanOrEqual(50 - limits.signInPerAccount.limit);
    // The batch's hashes take turns with each other, not with the bystander's.
    expect(bystanderDone).toBeLessThan(batchDone);
  });
});

describe("sign-up", () => {
  it("is limited per client address", async () => {
    const answers = [];
    for (let i = 0; i <= limits.signUpPerAddress.limit; i++) {
      answers.push(
        await postFrom("127.0.0.9", "auth.signUp", {
          email: `signup${i}-${Date.now()}@example.test`,
          password: "a good password",
          displayName: "New",
        }),
      );
    }
    const codes = codesOf(answers);
    expect(count(codes, "OK")).toBe(limits.signUpPerAddress.limit);
    expect(answers.at(-1)?.status).toBe(429);
    expect(single(answers.at(-1) ?? { body: [] }).error?.message).toMatch(/^Too many sign-ups from your network/);
  });
});
