import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { remoteClient } from "./remote-client.js";

// A whole run of the server at LOG_LEVEL=debug, then its output searched for every secret and
// every piece of text the run used: none may appear, and the lines must carry their ids.
const unique = randomUUID().slice(0, 12);
const secrets = {
  password: `pw-${unique}-correct horse`,
  upstreamKey: `sk-upstream-${unique}`,
  question: `What is my edge, ${unique}?`,
  answer: `Your edge is patience ${unique}.`,
};

let deployment: Deployment;
beforeAll(async () => {
  deployment = await startDeployment({
    respond: async (request) => ({ kind: "text", text: request.body.stream ? secrets.answer : `Title ${unique}`, chunkSize: 5 }),
  });
});
afterAll(async () => {
  await deployment?.stop();
});

function parsedLines(output: string) {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the server's logs", () => {
  it("are JSON lines with request, socket and reply ids, and hold no secret and no message text", async () => {
    const server = await deployment.instance({ LOG_LEVEL: "debug", OPENAI_API_KEY: secrets.upstreamKey });
    const anonymous = remoteClient(server.url);
    const email = `logs-${unique}@example.test`;
    const signedUp = await anonymous.api.auth.signUp.mutate({ email, password: secrets.password, displayName: "Log Reader" });
    await expect(anonymous.api.auth.signIn.mutate({ email, password: `${secrets.password}-wrong` })).rejects.toThrow();
    const refreshed = await anonymous.api.auth.refresh.mutate({ refreshToken: signedUp.refreshToken });
    await anonymous.close();
    const user = remoteClient(server.url, refreshed.accessToken);
    const sent = await user.api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: randomUUID() },
      content: secrets.question,
    });
    const collected = await collectStream(user.api, { sessionId: sent.session.id });
    expect(collected.text).toBe(secrets.answer);
    await user.close();
    await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/reply finished/);

    const output = server.output();
    const tokens = [signedUp.accessToken, signedUp.refreshToken, refreshed.accessToken, refreshed.refreshToken];
    for (const secret of [...Object.values(secrets), ...tokens]) expect(output).not.toContain(secret);
    const lines = parsedLines(output);
    expect(lines.some((line) => typeof line.requestId === "string" && line.msg === "request")).toBe(true);
    expect(lines.some((line) => typeof line.socketId === "string" && line.msg === "socket opened")).toBe(true);
    const finished = lines.find((line) => line.msg === "reply finished");
    expect(finished).toMatchObject({ conversationId: sent.session.id, replyId: sent.reply?.messageId, userId: signedUp.user.id });
  }, 120_000);
});
