import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { cutBytes, utf8CutPoints } from "./chunking.js";

export const DONE = "[DONE]";

export function encodeEvent(data: object | typeof DONE): Buffer {
  const text = typeof data === "string" ? data : JSON.stringify(data);
  return Buffer.from(`data: ${text}\n\n`, "utf8");
}

/** Sends the 200 and the SSE headers now, before any chunk, as the real API does. */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
}

/** Writes, then waits for `drain` when the socket buffer is full, so big replies never pile up in memory. */
export async function writeBytes(res: ServerResponse, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (res.write(bytes)) return;
  await once(res, "drain", { signal });
}

export async function pause(ms: number | undefined, signal: AbortSignal): Promise<void> {
  if (ms !== undefined && ms > 0) await sleep(ms, undefined, { signal });
}

/** Resolves when `signal` aborts: the client left or the server is closing. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/**
 * Resolves once every byte written so far has been handed to the operating system: an empty
 * write's callback runs only after the writes queued before it (`drain` would not fire unless
 * the buffer had overflowed).
 */
export function flushed(res: ServerResponse): Promise<void> {
  const socket = res.socket;
  if (!socket || socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
}

export interface SseWriter {
  send(data: object | typeof DONE): Promise<void>;
}

// Pieces of a split event are spaced out so they reach the client in separate reads rather
// than being coalesced back into one.
const SPLIT_PIECE_GAP_MS = 1;

export function sseWriter(res: ServerResponse, options: { splitUtf8: boolean; signal: AbortSignal }): SseWriter {
  const { splitUtf8, signal } = options;
  return {
    async send(data) {
      const bytes = encodeEvent(data);
      if (!splitUtf8) return writeBytes(res, bytes, signal);
      for (const piece of cutBytes(bytes, utf8CutPoints(bytes))) {
        await writeBytes(res, piece, signal);
        await pause(SPLIT_PIECE_GAP_MS, signal);
      }
    },
  };
}
