import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteClient } from "./faults/remote-client.js";
import { startServerProcess, type ServerProcess } from "./faults/server-process.js";

// The README's start on a fresh machine: no DATABASE_URL, no OPENAI_API_KEY, nothing seeded.
const embeddedDefault = { DATABASE_URL: null, OPENAI_API_KEY: null, REDIS_URL: null, PARLEY_SEED_DEMO: null };

let dataDir: string;
let first: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "parley-start-"));
  first = await startServerProcess({ ...embeddedDefault, PARLEY_DATA_DIR: dataDir });
}, 90_000);

afterAll(async () => {
  if (first?.child.exitCode === null) first.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

async function signInAsDemo(url: string) {
  const anonymous = remoteClient(url);
  const session = await anonymous.api.auth.signIn.mutate({ email: "demo@parley.dev", password: "parley-demo" });
  await anonymous.close();
  return remoteClient(url, session.accessToken);
}

describe("the start command on the embedded default", () => {
  it("migrates, seeds the demo and prints the URL, the demo login and the offline assistant", () => {
    const output = first.output();
    expect(output).toContain(`database: pglite at ${join(dataDir, "pglite")}, migrations applied`);
    expect(output).toContain("demo data seeded");
    expect(output).toContain("demo login:  demo@parley.dev / parley-demo");
    expect(output).toMatch(/assistant: offline/);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers /health with the embedded database, and serves the demo account", async () => {
    const response = await fetch(`${first.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true, kind: "pglite" } });
    const demo = await signInAsDemo(first.url);
    expect(await demo.api.models.list.query()).toHaveLength(3);
    await demo.close();
  });

  it("refuses a second server on the same data dir with a clear error", async () => {
    const second = startServerProcess({ ...embeddedDefault, PARLEY_DATA_DIR: dataDir });
    await expect(second).rejects.toThrow(/in use by process \d+/);
  }, 60_000);

  it("starts again on the same data after a stop, without seeding twice", async () => {
    first.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const again = await startServerProcess({ ...embeddedDefault, PARLEY_DATA_DIR: dataDir });
    try {
      expect(again.output()).not.toContain("demo data seeded");
      const demo = await signInAsDemo(again.url);
      expect(await demo.api.models.list.query()).toHaveLength(3);
      await demo.close();
    } finally {
      again.kill("SIGTERM");
      await again.exited;
    }
  }, 90_000);
});
