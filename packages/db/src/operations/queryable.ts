import type { PrismaClient } from "../client.js";

/**
 * What the operations need of a database handle: raw SQL. Both the owner's `PrismaClient` (doctor,
 * scheduled cleanup) and a request's transaction under row-level security (the admin API) fit.
 */
export type Queryable = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;
