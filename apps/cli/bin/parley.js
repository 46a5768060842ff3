#!/usr/bin/env node
// Runs the TypeScript entry through tsx with the workspace packages read from their source (the
// @parley/source export condition, which only a Node flag turns on), so the command works from a
// checkout without a build. The child owns the terminal: Ctrl-C reaches it and stops a reply.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");
const child = spawn(process.execPath, ["--conditions=@parley/source", "--import", tsx, entry, ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.on("SIGINT", () => undefined);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
