import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, appErrorCodes, type AppErrorCode, type TransportLimits } from "@parley/api";
import type { TRPCError } from "@trpc/server";

/** A refusal in the shape of a tRPC error, for requests refused before tRPC reads them. */
function refuse(response: ServerResponse, status: number, appCode: AppErrorCode, message: string): true {
  const data = { code: appErrorCodes[appCode], httpStatus: status, appCode, retryAfterMs: null };
  // The body is not read: the connection cannot carry another request after it.
  response.writeHead(status, { "content-type": "application/json", connection: "close" });
  response.end(JSON.stringify({ error: { message, code: -32013, data } }));
  return true;
}

/**
 * Refuses, before a byte of the body is read, a request announcing a body over the limit (413)
 * or a batch of more calls than the limit (413). A body without a length (chunked) is cut off
 * by tRPC's own `maxBodySize` as it streams in.
 */
export function refuseOversizedRequest(request: IncomingMessage, response: ServerResponse, limits: TransportLimits): boolean {
  const length = Number(request.headers["content-length"] ?? 0);
  if (length > limits.maxBodyBytes) {
    return refuse(response, 413, "TOO_LARGE", `A request body can be at most ${limits.maxBodyBytes} bytes; this one has ${length}`);
  }
  const url = new URL(request.url ?? "/", "http://local");
  if (url.searchParams.get("batch") === "1") {
    const calls = url.pathname.split(",").length;
    if (calls > limits.maxCallsPerBatch) {
      return refuse(response, 413, "TOO_LARGE", `A batch can hold at most ${limits.maxCallsPerBatch} calls; this one has ${calls}`);
    }
  }
  return false;
}

/** `Retry-After` (seconds) when a failed call says when to try again (429, 503). */
export function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  const waits = errors.flatMap((error) => (error instanceof AppError && error.retryAfterMs !== null ? [error.retryAfterMs] : []));
  return waits.length ? { "retry-after": String(Math.max(1, Math.ceil(Math.max(...waits) / 1000))) } : {};
}
