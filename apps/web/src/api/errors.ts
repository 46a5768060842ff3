import { errorInfo } from "@parley/client";

export { errorInfo, type ApiErrorInfo } from "@parley/client";

export const isNotFound = (error: unknown) => errorInfo(error).code === "NOT_FOUND";
export const isUnauthorized = (error: unknown) => errorInfo(error).code === "UNAUTHORIZED";
