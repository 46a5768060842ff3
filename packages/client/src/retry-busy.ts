import { appErrorCode } from "./errors.js";

/**
 * Calls `send` again while the server answers SERVER_BUSY or the connection fails (no app code),
 * backing off 0.5, 1, 2, 4… s, up to `attempts` calls. Only for idempotent calls (appendFills is,
 * by fill id): a send that reached the server before the connection dropped must not double.
 */
export async function retryWhileBusy<T>(send: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const code = appErrorCode(error);
      if ((code && code !== "SERVER_BUSY") || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
