// The typed client tried as a team outside this repository would: pack it, npm install the
// tarball into a fresh project in the system's temp dir, compile strictly, run the README's
// example with plain node against a live server. (It lives with the server's tests because it
// needs a server, and a package never imports an app.)
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { createOutsideProject, lintTarball, packClient, readmeExample, repoRoot, typeCheck } from "./outside-project.js";

const run = promisify(execFile);
let workDir: string;
let projectDir: string;
let tarball: string;
let server: TestServer;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "parley-outside-"));
  expect(workDir.startsWith(repoRoot)).toBe(false);
  projectDir = join(workDir, "app");
  tarball = await packClient(workDir);
  const typeChecks = await readFile(new URL("./outside-type-checks.ts", import.meta.url), "utf8");
  await createOutsideProject(projectDir, tarball, { "example.ts": await readmeExample(), "type-checks.ts": typeChecks });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe("@parley/client installed outside the repository", () => {
  it("packs compiled JavaScript and one standalone declaration file, clean for publint and attw", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout.trim().split("\n").sort();
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/dist/index.js");
    expect(files.filter((file) => file.endsWith(".ts"))).toEqual(["package/dist/index.d.ts"]);
    const installed = join(projectDir, "node_modules", "@parley", "client");
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@streamparser/json", "@trpc/client", "@trpc/server", "zod"]);
    expect(manifest.devDependencies["@parley/api"]).toBeDefined();
    const { stdout: shipped } = await run("tar", ["-xzOf", tarball, "--wildcards", "package/dist/*"]);
    expect(shipped).not.toMatch(/@parley\/(?!client)/);
    await lintTarball(tarball);
  }, 240_000);

  it("type-checks strictly, with and without skipLibCheck: exact outputs, and mistakes refused", async () => {
    await typeCheck(projectDir, { skipLibCheck: true });
    await typeCheck(projectDir, { skipLibCheck: false });
  }, 240_000);

  it("runs the README's internal-app example under plain node against a live server", async () => {
    server = await startTestServer();
    const person = await server.signUp();
    const model = await person.api.models.create.mutate(modelConfig);
    await typeCheck(projectDir, { skipLibCheck: false, emit: true });
    // The example's own settings and nothing else: node is started by its absolute path.
    const env = { PARLEY_URL: server.url, PARLEY_EMAIL: person.email, PARLEY_PASSWORD: person.password };
    const { stdout } = await run(process.execPath, [join(projectDir, "dist", "example.js")], { cwd: projectDir, env, timeout: 60_000 });

    const printed = /^([\s\S]*)\n\(complete\)\nconversation (\d+)\nno such conversation\n$/.exec(stdout);
    expect(printed, stdout).not.toBeNull();
    const [, streamedText = "", conversationId = ""] = printed ?? [];
    const conversation = await person.api.sessions.get.query({ sessionId: Number(conversationId) });
    expect(conversation.modelId).toBe(model.id);
    const { messages } = await person.api.sessions.messages.query({ sessionId: conversation.id });
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(streamedText.length).toBeGreaterThan(0);
    expect(messages[1]?.content).toBe(streamedText);
    // The example made a key for its program; the key did the reading.
    const keys = await person.api.keys.list.query();
    expect(keys.map((key) => ({ name: key.name, scopes: key.scopes, used: key.lastUsedAt !== null }))).toEqual([
      { name: "reports", scopes: ["read"], used: true },
    ]);
  }, 240_000);
});
