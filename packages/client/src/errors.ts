import { TRPCClientError } from "@trpc/client";
import type { AppErrorCode } from "./types.js";

/** What a failed call says, decoded once for every client (web app, CLI, tests). */
export interface ApiErrorInfo {
  /** The tRPC code (UNAUTHORIZED, NOT_FOUND, …), or null when the server was not reached. */
  code: string | null;
  /** The API's own code (MODEL_DELETED, EMAIL_TAKEN, …), or null. */
  appCode: AppErrorCode | null;
  httpStatus: number | null;
  /** For RATE_LIMITED and SERVER_RESTARTING: when trying again makes sense. */
  retryAfterMs: number | null;
  message: string;
  /** Zod's flattened field errors, by field name. */
  fieldErrors: Record<string, string[]>;
}

interface ErrorData {
  code?: unknown;
  appCode?: unknown;
  httpStatus?: unknown;
  retryAfterMs?: unknown;
  zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
}

const UNREACHABLE = "Can't reach Parley. Check your connection and try again.";

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);
const numberOrNull = (value: unknown) => (typeof value === "number" ? value : null);

function fieldErrorsOf(data: ErrorData | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    if (messages?.length) result[field] = messages;
  }
  return result;
}

export function errorInfo(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (typeof error.data === "object" && error.data !== null ? error.data : undefined) as ErrorData | undefined;
    const code = stringOrNull(data?.code);
    return {
      code,
      appCode: stringOrNull(data?.appCode) as AppErrorCode | null,
      httpStatus: numberOrNull(data?.httpStatus),
      retryAfterMs: numberOrNull(data?.retryAfterMs),
      message: code ? error.message : UNREACHABLE,
      fieldErrors: fieldErrorsOf(data),
    };
  }
  const message = error instanceof Error ? error.message : "Something went wrong";
  return { code: null, appCode: null, httpStatus: null, retryAfterMs: null, message, fieldErrors: {} };
}

/**
 * The API's own error code of a failed call (`UNAUTHENTICATED`, `NOT_FOUND`,
 * `REPLY_IN_PROGRESS`, …), or null for anything else (the network, a bug).
 */
export function appErrorCode(error: unknown): AppErrorCode | null {
  return errorInfo(error).appCode;
}
