import { pino, type Logger } from "pino";

export type { Logger };

/** For code run without a logger (tests, scripts): writes nothing. The server hands down its own. */
export const silentLogger: Logger = pino({ level: "silent" });
