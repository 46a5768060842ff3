import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Context } from "./context.js";
import { asUser, type Actor, type Db } from "./db/as-user.js";
import { translateDatabaseError } from "./db/database-errors.js";
import { readAsUser, type Reader } from "./db/read-as-user.js";
import { AppError, appCodeOf } from "./errors.js";
import type { KeyScope } from "./keys/api-keys.js";
import { checkApiKey } from "./keys/key-auth.js";
import { isProduction } from "./env.js";
import { rowErrorsFromZod } from "./row-errors.js";

/**
 * `keyScope`: the scope an API key needs to call the procedure. Procedures without one are for
 * people signed in (auth, admin, conversations, key management): a key never reaches them.
 */
export interface ProcedureMeta {
  keyScope?: KeyScope;
}

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

/** A batch of 10,000 bad rows says the first few here; `data.rowErrors` has every one. */
const DESCRIBED_ISSUES = 20;

function describeZodError(error: ZodError): string {
  const described = error.issues.flatMap((issue) => describeIssue(issue, []));
  const more = described.length - DESCRIBED_ISSUES;
  return described.slice(0, DESCRIBED_ISSUES).join("; ") + (more > 0 ? `; and ${more} more` : "");
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: !isProduction,
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
          rowErrors: error instanceof AppError ? error.rowErrors : zodError ? rowErrorsFromZod(zodError.issues) : null,
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
export const authedProcedure = publicProcedure.use(async ({ ctx, meta, path, next }) => {
  const { auth } = ctx;
  if (auth.status === "api-key") {
    const actor = await keyActor(ctx, auth.secret, { path, scope: meta?.keyScope });
    return next({ ctx: { actor, ...userScopedAccess(ctx, actor) } });
  }
  if (auth.status === "rejected") {
    throw new AppError("UNAUTHENTICATED", auth.reason === "expired" ? "Your session has expired" : "Invalid token");
  }
  if (auth.status !== "signed-in") throw new AppError("UNAUTHENTICATED", "Sign in required");
  // A WebSocket keeps its context for its whole life, so expiry is checked on every call.
  if (auth.expiresAt <= Date.now()) throw new AppError("UNAUTHENTICATED", "Your session has expired");
  const { actor } = auth;
  return next({ ctx: { actor, ...userScopedAccess(ctx, actor) } });
});

function userScopedAccess(ctx: Context, actor: Actor) {
  const db = <T>(work: (tx: Db) => Promise<T>) => asUser(ctx.services.prisma, actor, work);
  const read = <T>(work: (reader: Reader) => Promise<T>) => readAsUser(ctx.services.sql, actor, work);
  return { db, read };
}

/** The key's user, if the key is live and holds the scope the procedure asks for. */
async function keyActor(ctx: Context, secret: string, call: { path: string; scope: KeyScope | undefined }): Promise<Actor> {
  if (!call.scope) throw new AppError("FORBIDDEN", `API keys cannot call ${call.path}; sign in instead`);
  const checked = await checkApiKey(ctx.services.prisma, secret);
  if (!checked.ok) throw new AppError("UNAUTHENTICATED", checked.reason === "revoked" ? "This API key was revoked" : "Unknown API key");
  if (!checked.scopes.includes(call.scope)) {
    throw new AppError("FORBIDDEN", `This API key lacks the "${call.scope}" scope that ${call.path} needs`);
  }
  return checked.actor;
}

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "admin") throw new AppError("FORBIDDEN", "Administrators only");
  return next();
});

export { TRPCError };
