import { randomBytes } from "node:crypto";
import { startInstance } from "../scale-out/deployments.js";

/** Parley in a process of its own over `databaseUrl`, for runs benchmarks: no reply is asked for. */
export function startServerProcess(databaseUrl: string) {
  return startInstance("Parley", {
    // The provider is never called.
    upstreamUrl: "http://127.0.0.1:9/v1",
    databaseUrl,
    jwtSecret: randomBytes(32).toString("hex"),
  });
}
