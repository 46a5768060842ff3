import type { ServerResponse } from "node:http";
import { sendJson } from "./http-io.js";
import type { ErrorReply } from "./reply.js";
import { errorBody, type ErrorDetails } from "./wire.js";

// Messages, types and codes the real API uses for these statuses, so client code that branches
// on `error.code` or `error.type` sees production values unless a test overrides them.
const DEFAULTS: Readonly<Record<number, Omit<ErrorDetails, "param">>> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  403: { message: "You are not allowed to access this resource.", type: "invalid_request_error", code: null },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "Rate limit reached for requests. Please try again later.", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

const FALLBACK: Omit<ErrorDetails, "param"> = { message: "Request failed.", type: "server_error", code: null };

export function errorDetails(reply: Pick<ErrorReply, "status" | "message" | "type" | "code">): ErrorDetails {
  const defaults = DEFAULTS[reply.status] ?? FALLBACK;
  return {
    message: reply.message ?? defaults.message,
    type: reply.type ?? defaults.type,
    code: reply.code === undefined ? defaults.code : reply.code,
  };
}

export function sendError(res: ServerResponse, reply: ErrorReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.retryAfterSeconds !== undefined) headers["retry-after"] = String(reply.retryAfterSeconds);
  if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
  sendJson(res, reply.status, errorBody(errorDetails(reply)), headers);
}

/**
 * A fault in the test setup rather than a scripted failure: `x-should-retry: false` stops the
 * SDK from retrying, so the test fails at once with this message.
 */
export function sendSetupError(res: ServerResponse, message: string): void {
  sendError(res, {
    kind: "error",
    status: 500,
    message: `scripted-openai: ${message}`,
    type: "scripted_openai_error",
    code: "not_scripted",
    headers: { "x-should-retry": "false" },
  });
}
