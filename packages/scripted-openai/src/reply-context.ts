import type { ServerResponse } from "node:http";
import type { CompletionIdentity } from "./wire.js";

/** What a reply writer needs to answer one chat completion request. */
export interface ReplyContext {
  res: ServerResponse;
  /** Aborts when the client goes away or the server closes; every wait honours it. */
  signal: AbortSignal;
  identity: CompletionIdentity;
  /** Records the write time of the first content or tool-call chunk (only the first call counts). */
  markFirstChunk(): void;
  /** Cuts the connection on purpose, so it is not mistaken for the client leaving. */
  disconnect(): void;
}
