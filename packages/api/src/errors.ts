import { TRPCError } from "@trpc/server";

// One error vocabulary for the whole API: every failure a client can see has one of these
// codes (in `error.data.appCode`), mapped to a tRPC/HTTP code here and nowhere else.
export const appErrorCodes = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  INVALID_INPUT: "BAD_REQUEST",
  EMAIL_TAKEN: "CONFLICT",
  MODEL_DELETED: "PRECONDITION_FAILED",
  UNDO_EXPIRED: "PRECONDITION_FAILED",
  AI_MODEL_NOT_ALLOWED: "BAD_REQUEST",
  RUN_FINISHED: "CONFLICT",
  REPLY_IN_PROGRESS: "CONFLICT",
  IDEMPOTENCY_KEY_REUSED: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  PROVIDER_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  SERVER_RESTARTING: "SERVICE_UNAVAILABLE",
  DATABASE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  SERVER_BUSY: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
} as const satisfies Record<string, TRPCError["code"]>;

export type AppErrorCode = keyof typeof appErrorCodes;

/** One bad row of a batch (fills, marks): its index in the batch and everything wrong with it. */
export interface RowError {
  index: number;
  reasons: string[];
}

export class AppError extends TRPCError {
  readonly appCode: AppErrorCode;
  /** For RATE_LIMITED, SERVER_BUSY and SERVER_RESTARTING: when trying again makes sense. */
  readonly retryAfterMs: number | null;
  /** For a refused batch: every bad row (in `error.data.rowErrors`). */
  readonly rowErrors: RowError[] | null;
  constructor(appCode: AppErrorCode, message: string, options: { cause?: unknown; retryAfterMs?: number; rowErrors?: RowError[] } = {}) {
    super({ code: appErrorCodes[appCode], message, cause: options.cause });
    this.appCode = appCode;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.rowErrors = options.rowErrors ?? null;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

const tRPCToApp: Partial<Record<TRPCError["code"], AppErrorCode>> = {
  UNAUTHORIZED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "INVALID_INPUT",
  PARSE_ERROR: "INVALID_INPUT",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "TOO_LARGE",
};

export function appCodeOf(error: TRPCError): AppErrorCode {
  return error instanceof AppError ? error.appCode : (tRPCToApp[error.code] ?? "INTERNAL");
}
