import { EventEmitter } from "node:events";
import type { RecordedRequest, Responder } from "./recorded-request.js";
import type { Reply } from "./reply.js";

export interface ScriptedOpenAIOptions {
  /** Answers requests when the queue is empty. */
  respond?: Responder;
  /** Default 0: a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** What `GET /v1/models` lists. */
  models?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get the real API's 401. */
  apiKey?: string;
  /** Called once per streamed reply with the hrtime at which its first content chunk was written. */
  onFirstChunk?: (request: RecordedRequest, writtenAt: bigint) => void;
}

export const DEFAULT_MODELS: readonly string[] = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"];

export interface ServerState {
  readonly options: ScriptedOpenAIOptions;
  readonly requests: RecordedRequest[];
  readonly queue: Reply[];
  respond: Responder | undefined;
  /** One per open request, aborted when the server closes so every pending wait ends. */
  readonly inFlight: Set<AbortController>;
  /** Emits "request" with each new RecordedRequest. */
  readonly events: EventEmitter;
}

export function createState(options: ScriptedOpenAIOptions): ServerState {
  return {
    options,
    requests: [],
    queue: [],
    respond: options.respond,
    inFlight: new Set(),
    events: new EventEmitter(),
  };
}
