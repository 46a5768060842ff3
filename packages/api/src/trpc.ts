import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Context } from "./context.js";
import { asUser, type Db } from "./db/as-user.js";
import { translateDatabaseError } from "./db/database-errors.js";
import { readAsUser, type Reader } from "./db/read-as-user.js";
import { AppError, appCodeOf } from "./errors.js";

/**
 * A union's own message is only "Invalid input"; the issues of the branch that came closest
 * (fewest issues) name the field that is wrong, e.g. `target.sessionId`.
 */
function describeIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return closest.flatMap((inner) => describeIssue(inner, path));
  }
  return [path.length ? `${path.map(String).join(".")}: ${issue.message}` : issue.message];
}

function describeZodError(error: ZodError): string {
  return error.issues.flatMap((issue) => describeIssue(issue, [])).join("; ");
}

const t = initTRPC.context<Context>().create({
  isDev: process.env.NODE_ENV !== "production",
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    // An unexpected failure's own message can name tables or SQL: it goes to the log only.
    const unexpected = error.code === "INTERNAL_SERVER_ERROR" && !(error instanceof AppError);
    return {
      ...shape,
      message: zodError ? describeZodError(zodError) : unexpected ? "Something went wrong on our side; please try again" : shape.message,
      data: {
        ...shape.data,
        appCode: appCodeOf(error),
        retryAfterMs: error instanceof AppError ? error.retryAfterMs : null,
        zodError: zodError ? z.flattenError(zodError) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Database errors that mean something to a client become API errors; the rest stay internal. */
const translateErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error instanceof AppError)) {
    const translated = translateDatabaseError(result.error.cause ?? result.error);
    if (translated) throw translated;
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateErrors);

/**
 * Requires a valid, unexpired access token; handlers get `ctx.actor`, `ctx.db` (a Prisma
 * transaction as the user: writes and everything else) and `ctx.read` (the same row-level
 * security, read-only, over plain SQL: the hot conversation reads, see db/read-as-user.ts).
 */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const { auth } = ctx;
  if (auth.status === "rejected") {
    throw new AppError("UNAUTHENTICATED", auth.reason === "expired" ? "Your session has expired" : "Invalid token");
  }
  if (auth.status !== "signed-in") throw new AppError("UNAUTHENTICATED", "Sign in required");
  // A WebSocket keeps its context for its whole life, so expiry is checked on every call.
  if (auth.expiresAt <= Date.now()) throw new AppError("UNAUTHENTICATED", "Your session has expired");
  const { actor } = auth;
  const db = <T>(work: (tx: Db) => Promise<T>) => asUser(ctx.services.prisma, actor, work);
  const read = <T>(work: (reader: Reader) => Promise<T>) => readAsUser(ctx.services.sql, actor, work);
  return next({ ctx: { actor, db, read } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "admin") throw new AppError("FORBIDDEN", "Administrators only");
  return next();
});

export { TRPCError };
