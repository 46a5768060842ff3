import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createParleyClient, type ReplyEvent } from "@parley/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startServerProcess, type ServerProcess } from "./faults/server-process.js";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

// What `pnpm start` runs: the server compiled to JavaScript under plain node, no tsx, no
// source condition (NODE_OPTIONS cleared), on the embedded default with the offline assistant.
const builtOnEmbeddedDefault = { DATABASE_URL: null, OPENAI_API_KEY: null, REDIS_URL: null, PARLEY_SEED_DEMO: null, NODE_OPTIONS: null };

let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  // The server and the packages it imports at run time, each with its own `build` script, in
  // dependency order. (`pnpm build` would also regenerate the Prisma client, which other test
  // files may be reading at this moment; `pnpm test` has generated it already.)
  const packages = ["@parley/trading", "@parley/db", "@parley/api", "@parley/server"];
  await run("pnpm", [...packages.flatMap((name) => ["--filter", name]), "run", "build"], { cwd: repoRoot });
  dataDir = await mkdtemp(join(tmpdir(), "parley-built-"));
  server = await startServerProcess({ ...builtOnEmbeddedDefault, PARLEY_DATA_DIR: dataDir }, "built");
}, 300_000);

afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.kill("SIGTERM");
    await server.exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("the built server under plain node", () => {
  it("runs the compiled entry, not TypeScript", () => {
    expect(server.child.spawnargs.slice(1)).toEqual(["dist/main.js"]);
    expect(server.output()).toContain(`database: pglite at ${join(dataDir, "pglite")}, migrations applied`);
    expect(server.output()).toMatch(/assistant: offline/);
  });

  it("answers /health with the embedded database", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true, kind: "pglite" } });
  });

  it("signs a new user up and streams the offline assistant's answer to a message, as stored", async () => {
    const anonymous = createParleyClient({ url: server.url, getToken: () => null, WebSocket });
    const email = `built-${Date.now()}@example.test`;
    const session = await anonymous.auth.signUp.mutate({ email, password: "a good password", displayName: "Built" });
    await anonymous.close();

    const client = createParleyClient({ url: server.url, getToken: () => session.accessToken, WebSocket });
    try {
      const stream = client.chat.sendAndStream({
        target: { context: { kind: "general" }, idempotencyKey: "built_first_send" },
        content: "Does the compiled server answer?",
      });
      const events: ReplyEvent[] = [];
      for await (const event of stream) events.push(event);
      const { session: conversation, reply } = await stream.sent;
      const streamed = events.map((event) => (event.type === "delta" ? event.text : "")).join("");
      expect(events.at(-1)).toMatchObject({ type: "done", status: "complete", messageId: reply?.messageId });
      expect(streamed).toContain("Offline assistant");
      expect(streamed).toContain("You asked: “Does the compiled server answer?”");

      const page = await client.sessions.messages.query({ sessionId: conversation.id, limit: 10 });
      const stored = page.messages.find((message) => message.id === reply?.messageId);
      expect(stored?.content).toBe(streamed);
      await expect(client.sessions.messages.query({ sessionId: conversation.id + 1_000, limit: 10 })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});
