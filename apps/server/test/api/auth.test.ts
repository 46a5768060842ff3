import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, handMadeToken, startTestServer, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe("accounts", () => {
  it("signs up, then signs in with any casing of the email, and knows who is signed in", async () => {
    const { email, password, user } = await server.signUp();
    const session = await server.client().auth.signIn.mutate({ email: email.toUpperCase(), password });
    expect(session.user.id).toBe(user.id);
    const me = await server.client(session.accessToken).auth.me.query();
    expect(me).toMatchObject({ id: user.id, email, role: "user" });
    const stored = await server.database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it("rejects a second account with the same email, whatever its case", async () => {
    const { email } = await server.signUp();
    const failure = await failureOf(
      server.client().auth.signUp.mutate({ email: email.toUpperCase(), password: "another password", displayName: "X" }),
    );
    expect(failure).toMatchObject({ code: "CONFLICT", appCode: "EMAIL_TAKEN" });
  });

  it("rejects a wrong password and an unknown email with the same message", async () => {
    const { email } = await server.signUp();
    const wrong = await failureOf(server.client().auth.signIn.mutate({ email, password: "not the password" }));
    const unknown = await failureOf(server.client().auth.signIn.mutate({ email: "nobody@example.test", password: "x" }));
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "Email or password is incorrect" });
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: "Email or password is incorrect" });
  });

  it("validates sign-up input with readable messages", async () => {
    const failure = await failureOf(server.client().auth.signUp.mutate({ email: "not-an-email", password: "short", displayName: "" }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("email: Enter a valid email address");
    expect(failure.message).toContain("password: Password must be at least 8 characters");
  });

  it("refreshes into a new session; a retired token used after its successor ends the whole family", async () => {
    const { refreshToken } = await server.signUp();
    const next = await server.client().auth.refresh.mutate({ refreshToken });
    expect(next.refreshToken).not.toBe(refreshToken);
    await expect(server.client(next.accessToken).auth.me.query()).resolves.toMatchObject({ id: next.user.id });
    const third = await server.client().auth.refresh.mutate({ refreshToken: next.refreshToken });
    // The first token's successor has moved on, so this is a leaked token, grace or not.
    const reused = await failureOf(server.client().auth.refresh.mutate({ refreshToken }));
    expect(reused.code).toBe("UNAUTHORIZED");
    expect((await failureOf(server.client().auth.refresh.mutate({ refreshToken: third.refreshToken }))).code).toBe("UNAUTHORIZED");
  });

  it("gives a retired token a session of its own within the grace interval while its successor is unused", async () => {
    // A reload that cuts off the refresh response leaves the browser with the retired token.
    const { refreshToken } = await server.signUp();
    const lost = await server.client().auth.refresh.mutate({ refreshToken });
    const again = await server.client().auth.refresh.mutate({ refreshToken });
    expect(again.refreshToken).not.toBe(lost.refreshToken);
    // Neither session is ended by the other: both rotate on.
    await expect(server.client().auth.refresh.mutate({ refreshToken: again.refreshToken })).resolves.toHaveProperty("accessToken");
    await expect(server.client().auth.refresh.mutate({ refreshToken: lost.refreshToken })).resolves.toHaveProperty("accessToken");
  });

  it("treats a retired token as leaked once the grace interval has passed", async () => {
    const { refreshToken, user } = await server.signUp();
    const next = await server.client().auth.refresh.mutate({ refreshToken });
    await server.database.prisma.refreshToken.updateMany({
      where: { userId: user.id, revokedAt: { not: null } },
      data: { revokedAt: new Date(Date.now() - 31_000) },
    });
    expect((await failureOf(server.client().auth.refresh.mutate({ refreshToken }))).code).toBe("UNAUTHORIZED");
    expect((await failureOf(server.client().auth.refresh.mutate({ refreshToken: next.refreshToken }))).code).toBe("UNAUTHORIZED");
  });

  it("rotates a token presented by fifty requests at once without signing anyone out", async () => {
    const { refreshToken, user } = await server.signUp();
    const sessions = await Promise.all(Array.from({ length: 50 }, () => server.client().auth.refresh.mutate({ refreshToken })));
    expect(new Set(sessions.map((session) => session.refreshToken)).size).toBe(50);
    const live = await server.database.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } });
    expect(live).toBe(50);
  });

  it("signs out: the refresh token stops working", async () => {
    const { refreshToken } = await server.signUp();
    await server.client().auth.signOut.mutate({ refreshToken });
    expect((await failureOf(server.client().auth.refresh.mutate({ refreshToken }))).code).toBe("UNAUTHORIZED");
  });

  it("answers UNAUTHORIZED to a missing, forged or expired access token", async () => {
    const { user } = await server.signUp();
    expect((await failureOf(server.client().auth.me.query())).code).toBe("UNAUTHORIZED");
    const forged = await handMadeToken(user.id, { role: "admin", secret: "some-other-secret-that-is-long-enough-000" });
    expect((await failureOf(server.client(forged).auth.me.query())).code).toBe("UNAUTHORIZED");
    const expired = await handMadeToken(user.id, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const failure = await failureOf(server.client(expired).auth.me.query());
    expect(failure).toMatchObject({ code: "UNAUTHORIZED", message: "Your session has expired" });
  });
});
