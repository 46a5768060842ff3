import { execFile } from "node:child_process";
import { access, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../", import.meta.url));
// Inside the package, so that the built files resolve @trpc/client as an installed app would.
const outDir = join(packageDir, "node_modules", ".cache", "build-test");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

// What `pnpm --filter @parley/client build` ships, loaded by plain Node without a TypeScript loader.
describe("the built package", () => {
  it("emits JavaScript and declarations that plain Node loads, with no side effect", async () => {
    await run(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: packageDir });
    for (const file of ["index.js", "index.d.ts", "create-client.d.ts", "send-and-stream.d.ts"]) {
      await access(join(outDir, file));
    }
    const script = `
      const { createParleyClient, appErrorCode } = await import(${JSON.stringify(join(outDir, "index.js"))});
      let asked = 0;
      const client = createParleyClient({ url: "http://127.0.0.1:9", getToken: () => { asked++; return null; } });
      console.log(JSON.stringify({
        sendAndStream: typeof client.chat.sendAndStream,
        query: typeof client.models.list.query,
        subscribe: typeof client.chat.stream.subscribe,
        appErrorCode: appErrorCode(new Error("x")),
        asked,
      }));
      await client.close();`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: packageDir, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      sendAndStream: "function",
      query: "function",
      subscribe: "function",
      appErrorCode: null,
      asked: 0,
    });
  }, 180_000);
});
