import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParleyClient } from "@parley/client";
import { runCli, startCli } from "./run-cli.js";
import { startCliTestServer, type CliTestServer } from "./test-server.js";

let server: CliTestServer;
let configHome: string;
let person: Awaited<ReturnType<CliTestServer["account"]>>;
let modelId: number;

const parley = (args: string[], input?: string) =>
  runCli(["--url", server.url, ...args], { configHome, ...(input === undefined ? {} : { input }) });
const configFile = () => join(configHome, "parley", "config.json");
const storedReply = (messageId: number) => server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });

beforeAll(async () => {
  server = await startCliTestServer({ tokenDelayMs: 25 });
  configHome = await mkdtemp(join(tmpdir(), "parley-cli-"));
  person = await server.account();
  const model = await person.client.models.create.mutate({
    name: "CLI Scalper",
    defaultAiModel: "gpt-4o-mini",
    tradingMode: "paper",
    tradingStyle: "scalping",
    instrument: "stocks",
    symbols: ["AAPL"],
    marginAccount: false,
    buyingPower: 10_000,
    allowShorting: false,
    allowOptionsStrategies: false,
    allowHedging: false,
    allowedOrderTypes: ["market"],
  });
  modelId = model.id;
});
afterAll(async () => {
  await person?.client.close();
  await server?.stop();
  if (configHome) await rm(configHome, { recursive: true, force: true });
});

describe("parley, the terminal client", () => {
  it("refuses to work signed out, with what to do", async () => {
    const result = await parley(["models"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Not signed in");
    expect(result.stderr).toContain("parley login");
  });

  it("signs in with the email and password read from stdin, and keeps the tokens private", async () => {
    const wrong = await parley(["login"], `${person.email}\nnot the password\n`);
    expect(wrong.code).toBe(1);
    const result = await parley(["login"], `${person.email}\n${person.password}\n`);
    expect(result).toMatchObject({ code: 0, stdout: `Signed in to ${server.url} as ${person.email}.\n` });
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    const whoami = await parley(["whoami", "--json"]);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ user: { email: person.email, role: "user" }, assistant: { offline: true } });
  });

  it("lists models, runs and conversations, as tables or JSON", async () => {
    const table = await parley(["models"]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STYLE/);
    expect(table.stdout).toContain("CLI Scalper");
    const models = JSON.parse((await parley(["models", "--json"])).stdout) as Array<{ id: number; name: string }>;
    expect(models).toEqual([expect.objectContaining({ id: modelId, name: "CLI Scalper" })]);
    expect(JSON.parse((await parley(["runs", String(modelId), "--json"])).stdout)).toEqual([]);
    expect(JSON.parse((await parley(["conversations", "--json"])).stdout)).toEqual([]);
  });

  it("chats: the reply streams to stdout and is the one saved", async () => {
    const result = await parley(["chat", "--model", String(modelId), "What is this model configured for?"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("configured as follows");
    const [conversation] = JSON.parse((await parley(["conversations", "--model", String(modelId), "--json"])).stdout) as Array<{
      id: number;
      isActive: boolean;
    }>;
    expect(conversation?.isActive).toBe(true);
    const page = await person.client.sessions.messages.query({ sessionId: conversation?.id ?? 0 });
    expect(page.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(result.stdout).toBe(`${page.messages[1]?.content}\n`);
  });

  it("prints one JSON object per reply with --json, and reads messages line by line", async () => {
    const result = await parley(["chat", "--new", "--json"], "first question\nsecond question\n");
    expect(result.code).toBe(0);
    const replies = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { sessionId: number; status: string; text: string });
    expect(replies).toHaveLength(2);
    expect(replies.map((r) => r.status)).toEqual(["complete", "complete"]);
    expect(replies[0]?.sessionId).toBe(replies[1]?.sessionId);
    expect(replies[1]?.text).toContain("second question");
  });

  it("stops the reply on Ctrl-C (SIGINT), keeping the partial text", async () => {
    const streaming = startCli(["--url", server.url, "chat", "--new", "Tell me everything again"], { configHome });
    await streaming.waitForStdout(/\S+ \S+ \S+/);
    streaming.child.kill("SIGINT");
    const stopped = await streaming.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain("[stopping the reply]");
    expect(stopped.stderr).toContain("[stopped]");
    const reply = await server.database.prisma.chatMessage.findFirstOrThrow({ where: { status: "stopped" }, orderBy: { id: "desc" } });
    expect(reply.content.length).toBeGreaterThan(0);
    expect(stopped.stdout).toBe(`${reply.content}\n`);
    expect((await storedReply(reply.id)).status).toBe("stopped");
  });

  it("reports a stopped reply in JSON with exit code 130", async () => {
    const run = startCli(["--url", server.url, "--json", "chat", "--new", "Once more, slowly"], { configHome });
    await expect.poll(() => server.database.prisma.chatMessage.count({ where: { status: "streaming" } }), { timeout: 20_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    const reply = JSON.parse(result.stdout) as { status: string; text: string; interrupted: boolean; messageId: number };
    expect(reply).toMatchObject({ status: "stopped", interrupted: true });
    expect((await storedReply(reply.messageId)).content).toBe(reply.text);
  });

  it("starts, opens (resuming it) and deletes conversations", async () => {
    const started = JSON.parse((await parley(["new", "--model", String(modelId), "--json"])).stdout) as { id: number; isActive: boolean };
    expect(started.isActive).toBe(true);
    const older = JSON.parse((await parley(["conversations", "--model", String(modelId), "--json"])).stdout) as Array<{
      id: number;
      isActive: boolean;
    }>;
    const previous = older.find((c) => c.id !== started.id);
    const opened = await parley(["open", String(previous?.id)], "and a follow-up\n");
    expect(opened.code).toBe(0);
    expect(opened.stdout).toContain("What is this model configured for?");
    expect(opened.stdout).toContain("and a follow-up");
    expect((await person.client.sessions.get.query({ sessionId: previous?.id ?? 0 })).isActive).toBe(true);
    const shown = JSON.parse((await parley(["show", String(previous?.id), "--json"])).stdout) as { messages: unknown[] };
    expect(shown.messages).toHaveLength(4);
    expect((await parley(["resume", String(started.id)])).stdout).toMatch(
      new RegExp(`^Resumed conversation ${started.id} .*, active\\)\\.\\n$`),
    );
    expect((await person.client.sessions.get.query({ sessionId: previous?.id ?? 0 })).isActive).toBe(false);
    const deleted = (await parley(["delete", String(started.id)])).stdout;
    expect(deleted).toMatch(
      new RegExp(`^Deleted conversation ${started.id} and its messages \\(undo until .*: parley undo [0-9a-f-]{36}\\)\\.\\n$`),
    );
    expect((await parley(["show", String(started.id)])).code).toBe(1);
    // Eight CLI processes in a row: on a loaded machine each start takes seconds.
  }, 120_000);

  it("undoes a delete within its window", async () => {
    const started = await person.client.sessions.startNew.mutate({ context: { kind: "general" } });
    const deleted = (await parley(["delete", String(started.id)])).stdout;
    const undoId = /parley undo ([0-9a-f-]{36})/.exec(deleted)?.[1] ?? "";
    // Starting a CLI process takes seconds on a loaded machine: give the undo window room.
    await server.database.prisma.sessionUndoAction.update({ where: { id: undoId }, data: { expiresAt: new Date(Date.now() + 600_000) } });
    expect((await parley(["undo", undoId])).stdout).toBe(`Restored conversation(s) ${started.id}.\n`);
    expect((await person.client.sessions.get.query({ sessionId: started.id })).id).toBe(started.id);
  });

  it("searches titles and messages, marking the matched words", async () => {
    const found = await parley(["search", "configured"]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^conversation \d+ ".*", (title|message \d+)\n {2}.*\*configured\*/m);
    const json = JSON.parse((await parley(["search", "--model", String(modelId), "configured", "--json"])).stdout) as { hits: unknown[] };
    expect(json.hits.length).toBeGreaterThan(0);
    expect((await parley(["search", "zzzunmatched"])).stdout).toBe("No matches.\n");
    const empty = await parley(["search"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("search needs words");
  });

  it("refreshes an expired access token by itself and stores the new tokens", async () => {
    const config = JSON.parse(await readFile(configFile(), "utf8")) as {
      servers: Record<string, { accessTokenExpiresAt: number; refreshToken: string }>;
    };
    const saved = Object.values(config.servers)[0];
    if (!saved) throw new Error("no stored session");
    saved.accessTokenExpiresAt = Date.now() - 1_000;
    const oldRefreshToken = saved.refreshToken;
    await writeFile(configFile(), JSON.stringify(config));
    expect((await parley(["whoami"])).code).toBe(0);
    const after = JSON.parse(await readFile(configFile(), "utf8")) as typeof config;
    const renewed = Object.values(after.servers)[0];
    expect(renewed?.refreshToken).not.toBe(oldRefreshToken);
    expect(renewed?.accessTokenExpiresAt).toBeGreaterThan(Date.now());
  });

  it("asks to sign in again when the refresh token is no longer valid, and forgets it", async () => {
    const original = await readFile(configFile(), "utf8");
    const config = JSON.parse(original) as { servers: Record<string, { accessTokenExpiresAt: number; refreshToken: string }> };
    for (const saved of Object.values(config.servers))
      Object.assign(saved, { accessTokenExpiresAt: 0, refreshToken: "revoked-or-made-up-token" });
    await writeFile(configFile(), JSON.stringify(config));
    const result = await parley(["models"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Your session with ${server.url} has expired: run \`parley login\`\n`);
    expect(JSON.parse(await readFile(configFile(), "utf8"))).toEqual({ version: 1, servers: {} });
    await writeFile(configFile(), original);
  });

  it("shows usage statistics to administrators only", async () => {
    expect((await parley(["stats"])).stderr).toContain("Not allowed");
    const admin = await server.account({ admin: true });
    await admin.client.close();
    const adminHome = await mkdtemp(join(tmpdir(), "parley-cli-admin-"));
    try {
      const asAdmin = (args: string[], input?: string) =>
        runCli(["--url", server.url, ...args], { configHome: adminHome, ...(input ? { input } : {}) });
      await asAdmin(["login", "--email", admin.email], `${admin.password}\n`);
      const priced = await server.database.prisma.chatSession.create({
        data: { userId: person.userId, sessionTitle: "Priced", isActive: false },
      });
      await server.database.prisma.chatMessage.create({
        data: {
          sessionId: priced.id,
          userId: person.userId,
          role: "assistant",
          content: "a",
          aiModel: "gpt-4o-mini",
          promptTokens: 1_000,
          completionTokens: 200,
          costUsd: 0.00027,
        },
      });
      const stats = JSON.parse((await asAdmin(["stats", "--json"])).stdout) as {
        modelConversations: { conversations: number };
        tokens: { total: number };
      };
      expect(stats.modelConversations.conversations).toBeGreaterThanOrEqual(1);
      expect(stats.tokens.total).toBeGreaterThan(0);
      const text = (await asAdmin(["stats"])).stdout;
      expect(text).toContain("Most active models:");
      // The offline assistant's replies have no price: the total is a lower bound ("+").
      expect(text).toMatch(/^Cost: \$0\.0003\+$/m);
      expect(text).toMatch(/^ {2}titles: 0 tokens over 0, —$/m);
      expect(text).toMatch(/gpt-4o-mini\s+1200\s+\$0\.0003\s+—\s+—\s+\$0\.0003$/m);
    } finally {
      await rm(adminHome, { recursive: true, force: true });
    }
  });

  it("shares a conversation as a read-only link, lists and revokes its links", async () => {
    const session = await server.database.prisma.chatSession.create({
      data: { userId: person.userId, sessionTitle: "Shared from the CLI", isActive: false },
    });
    await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: person.userId, role: "user", content: "Worth sharing" },
    });
    const created = await parley(["share", String(session.id), "--expires", "7"]);
    expect(created.code).toBe(0);
    const link = created.stdout.split("\n")[0] ?? "";
    expect(link).toMatch(new RegExp(`^${server.url}/s/[A-Za-z0-9_-]{43}$`));
    expect(created.stdout).toContain("1 messages as they are now, until");
    const token = link.slice(link.lastIndexOf("/") + 1);
    const visitor = createParleyClient({ url: server.url, getToken: () => null });
    try {
      expect((await visitor.shares.view.query({ token })).messages[0]?.content).toBe("Worth sharing");
      const listed = JSON.parse((await parley(["share", String(session.id), "--list", "--json"])).stdout) as Array<{
        revokedAt: string | null;
      }>;
      expect(listed).toHaveLength(1);
      expect((await parley(["share", String(session.id), "--revoke"])).stdout).toBe("Revoked 1 link(s): refused from the next view on.\n");
      await expect(visitor.shares.view.query({ token })).rejects.toThrow(/not found/);
      expect((await parley(["share", String(session.id), "--revoke"])).stdout).toBe("No live links to revoke.\n");
    } finally {
      await visitor.close();
    }
    const missing = await parley(["share", "2147483000"]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain("Conversation not found");
    expect((await parley(["share"])).code).toBe(2);
    expect((await parley(["share", String(session.id), "--list", "--revoke"])).code).toBe(2);
    expect((await parley(["share", String(session.id), "--with-settings", "--list"])).code).toBe(2);
    // A general conversation has no model settings: said, not ignored.
    const general = await parley(["share", String(session.id), "--with-settings"]);
    expect(general).toMatchObject({ code: 1 });
    expect(general.stderr).toContain("A general conversation has no model settings to share");
  });

  it("shares a model conversation with the model's settings when asked", async () => {
    const session = await server.database.prisma.chatSession.create({
      data: { userId: person.userId, modelId, sessionTitle: "Scalper settings", isActive: false },
    });
    await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: person.userId, role: "user", content: "Is this sized right?" },
    });
    const created = await parley(["share", String(session.id), "--with-settings"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("1 messages as they are now, with the model's settings.");
    const link = created.stdout.split("\n")[0] ?? "";
    const visitor = createParleyClient({ url: server.url, getToken: () => null });
    try {
      const shared = await visitor.shares.view.query({ token: link.slice(link.lastIndexOf("/") + 1) });
      expect(shared.modelSettings?.fields).toContainEqual({ label: "Name", value: "CLI Scalper" });
    } finally {
      await visitor.close();
    }
    const listed = (await parley(["share", String(session.id), "--list"])).stdout;
    expect(listed).toMatch(/SETTINGS/);
    expect(listed.split("\n")[1]).toContain("yes");
  });

  it("shares a conversation with signed-in users only when asked", async () => {
    const session = await server.database.prisma.chatSession.create({
      data: { userId: person.userId, sessionTitle: "Members only", isActive: false },
    });
    await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: person.userId, role: "user", content: "Not for everyone" },
    });
    const created = await parley(["share", String(session.id), "--signed-in-only", "--expires", "3"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Read-only for signed-in users only, 1 messages as they are now, until");
    const token = (created.stdout.split("\n")[0] ?? "").split("/s/")[1] ?? "";
    const visitor = createParleyClient({ url: server.url, getToken: () => null });
    try {
      await expect(visitor.shares.view.query({ token })).rejects.toThrow(/^Sign in to read this conversation/);
    } finally {
      await visitor.close();
    }
    const listed = (await parley(["share", String(session.id), "--list"])).stdout;
    expect(listed).toMatch(/READERS/);
    expect(listed.split("\n")[1]).toContain("signed in");
    expect((await parley(["share", String(session.id), "--signed-in-only", "--list"])).code).toBe(2);
  });

  it("signs out, forgetting the tokens", async () => {
    expect((await parley(["logout"])).stdout).toBe(`Signed out of ${server.url}.\n`);
    expect((await parley(["whoami"])).code).toBe(1);
  });

  it("answers a wrong command line with the usage and exit code 2", async () => {
    const result = await parley(["chat", "--model", "abc"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--model must be a positive whole number");
    expect(result.stderr).toContain("usage: parley");
    expect((await parley(["frobnicate"])).code).toBe(2);
  });
});
