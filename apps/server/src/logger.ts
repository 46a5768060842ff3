import { randomUUID } from "node:crypto";
import { pino, type Logger } from "pino";

/**
 * Field names whose values are never written, wherever they sit in a logged object: secrets
 * (tokens, passwords, keys, the Authorization header, cookies) and what people wrote.
 */
const REDACTED_KEYS = ["password", "token", "accessToken", "refreshToken", "apiKey", "authorization", "cookie", "content", "text", "input"];
const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for a terminal (`pnpm dev`); JSON lines otherwise (`pnpm start`). */
  pretty: boolean;
}

/** The server's one logger, made in main.ts and handed down: a child per request, socket and reply. */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    level: options.level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    ...(options.pretty ? { transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } } } : {}),
  });
}

/** A short id for one request or connection, to find its lines together. */
export const newLogId = () => randomUUID().slice(0, 8);
