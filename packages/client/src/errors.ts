import { TRPCClientError } from "@trpc/client";
import type { AppErrorCode } from "./types.js";

/**
 * The API's own error code of a failed call (`UNAUTHENTICATED`, `NOT_FOUND`,
 * `REPLY_IN_PROGRESS`, …), or null for anything else (the network, a bug).
 */
export function appErrorCode(error: unknown): AppErrorCode | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("appCode" in data)) return null;
  return typeof data.appCode === "string" ? (data.appCode as AppErrorCode) : null;
}
