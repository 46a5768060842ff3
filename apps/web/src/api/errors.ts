import { TRPCClientError } from "@trpc/client";

export interface ApiErrorInfo {
  /** The tRPC code (UNAUTHORIZED, NOT_FOUND, …), or null for a network failure. */
  code: string | null;
  /** The API's own code (MODEL_DELETED, EMAIL_TAKEN, …). */
  appCode: string | null;
  message: string;
  /** Zod's flattened field errors, by field name. */
  fieldErrors: Record<string, string[]>;
}

interface ErrorData {
  code?: string;
  appCode?: string;
  zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
}

function fieldErrorsOf(data: ErrorData | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    if (messages?.length) result[field] = messages;
  }
  return result;
}

export function errorInfo(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    const offline = !data?.code;
    return {
      code: data?.code ?? null,
      appCode: data?.appCode ?? null,
      message: offline ? "Can't reach Parley. Check your connection and try again." : error.message,
      fieldErrors: fieldErrorsOf(data),
    };
  }
  const message = error instanceof Error ? error.message : "Something went wrong";
  return { code: null, appCode: null, message, fieldErrors: {} };
}

export const isNotFound = (error: unknown) => errorInfo(error).code === "NOT_FOUND";
export const isUnauthorized = (error: unknown) => errorInfo(error).code === "UNAUTHORIZED";
