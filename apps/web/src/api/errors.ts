import { errorInfo } from "@parley/client";

export { errorInfo, type ApiErrorInfo } from "@parley/client";

export const isNotFound = (error: unknown) => errorInfo(error).code === "NOT_FOUND";
export const isUnauthorized = (error: unknown) => errorInfo(error).code === "UNAUTHORIZED";

const PERMANENT = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "PRECONDITION_FAILED", "CONFLICT"]);

/** A failure that asking again may cure: a dropped connection, a busy or restarting server. */
export const isWorthRetrying = (error: unknown) => !PERMANENT.has(errorInfo(error).code ?? "");
