import { AppError } from "../errors.js";

interface DriverError {
  code?: string;
  name?: string;
  message?: string;
}

// Connection failures look different through each driver; these are the ones that mean
// "the database is not reachable right now" rather than "this query is wrong".
const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "08006", "08001"]);

/**
 * Turns what the database raised into the API's vocabulary where it has a meaning for the
 * client (the database holds the invariants; the code only translates), or returns null.
 */
export function translateDatabaseError(error: unknown): AppError | null {
  const candidate = error as DriverError & { cause?: DriverError; meta?: { driverAdapterError?: DriverError } };
  const code = candidate.code ?? candidate.cause?.code;
  if (code === "P2025") return new AppError("NOT_FOUND", "Not found");
  // Every pooled connection is busy (Prisma's wait for a transaction, or pg's for a connection,
  // ran out): the request is fine, the server is saturated for a moment.
  const message = `${candidate.message ?? ""} ${candidate.cause?.message ?? ""}`;
  if (code === "P2028" || /timeout exceeded when trying to connect/i.test(message)) {
    return new AppError("SERVER_BUSY", "The server is busy: try again in a moment", { cause: error, retryAfterMs: 1_000 });
  }
  // Inputs are validated as storable text; this is the last wall if one ever is not.
  if (code === "22021" || code === "22P05") {
    return new AppError("INVALID_INPUT", "The text contains a character the database cannot store", { cause: error });
  }
  if (code && unavailableCodes.has(code)) {
    return new AppError("DATABASE_UNAVAILABLE", "The database is unavailable; try again shortly", { cause: error });
  }
  if (/Can't reach database|Connection terminated|connect ECONNREFUSED|terminating connection/i.test(message)) {
    return new AppError("DATABASE_UNAVAILABLE", "The database is unavailable; try again shortly", { cause: error });
  }
  return null;
}
