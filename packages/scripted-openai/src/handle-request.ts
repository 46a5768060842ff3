import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendSetupError } from "./errors.js";
import { readBody } from "./http-io.js";
import type { RecordedRequest } from "./recorded-request.js";
import { route } from "./routes.js";
import type { ServerState } from "./server-state.js";

function record(state: ServerState, req: IncomingMessage, body: unknown): RecordedRequest {
  const url = new URL(req.url ?? "/", "http://localhost");
  const request: RecordedRequest = {
    index: state.requests.length,
    method: req.method ?? "GET",
    path: url.pathname,
    headers: req.headers,
    body,
    receivedAt: process.hrtime.bigint(),
    closedByClient: false,
  };
  state.requests.push(request);
  state.events.emit("request", request);
  return request;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Records one HTTP request and answers it; never rejects, so the server never sees an unhandled error. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, state: ServerState): Promise<void> {
  const controller = new AbortController();
  state.inFlight.add(controller);
  let request: RecordedRequest | undefined;
  res.on("close", () => {
    // Our own cuts and server shutdown abort first, so only the client leaving gets here unaborted.
    if (request && !res.writableFinished && !controller.signal.aborted) request.closedByClient = true;
    controller.abort();
    state.inFlight.delete(controller);
  });
  res.setHeader("x-request-id", `req_${randomBytes(12).toString("hex")}`);
  const disconnect = (): void => {
    controller.abort();
    res.destroy();
  };
  try {
    request = record(state, req, await readBody(req));
    await route(request, { res, signal: controller.signal, state, disconnect });
    if (res.writableEnded) request.replyEndedAt = process.hrtime.bigint();
  } catch (error) {
    if (controller.signal.aborted) return;
    if (res.headersSent) res.destroy();
    else sendSetupError(res, `responder failed: ${describe(error)}`);
  }
}
