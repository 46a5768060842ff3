import { wallNow } from "./clock.js";
import { deferred } from "./deferred.js";

/** One reply as a client saw it; times are wallNow(). */
export interface StreamRecord {
  key: string;
  /** When the client asked for the reply. */
  sentAt: number;
  /** When the server answered the request (Parley: chat.send's answer). */
  acceptedAt: number | null;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  /** Characters of reply text received (tokens are ASCII, so also bytes). */
  characters: number;
  /** Why the reply did not end normally, if it did not. */
  error: string | null;
  ended: boolean;
  /** Resolves when the reply ends, normally or not. */
  finished: Promise<void>;
}

/** A client connection following one conversation. */
export interface StreamConnection {
  /**
   * Asks for a reply in the conversation and follows it to its end. `accepted` resolves when
   * the server has taken the request (Parley: chat.send answered), whatever its outcome.
   */
  start(key: string): { record: StreamRecord; accepted: Promise<void> };
  close(): Promise<void>;
}

function newRecord(key: string, error: string | null, finished: Promise<void>): StreamRecord {
  return { key, sentAt: wallNow(), acceptedAt: null, firstTokenAt: null, lastTokenAt: null, characters: 0, error, ended: false, finished };
}

/** Follows the replies of one connection, one at a time. */
export function createStreamTracker() {
  let current: { record: StreamRecord; settle: () => void } | null = null;
  /** A failure while no reply was under way (the subscription died while idle). */
  let idleError: string | null = null;

  function end(error: string | null) {
    if (!current || current.record.ended) {
      idleError ??= error;
      return;
    }
    current.record.error ??= error;
    current.record.ended = true;
    current.settle();
  }

  return {
    begin(key: string): StreamRecord {
      const { promise: finished, resolve: settle } = deferred<void>();
      const record = newRecord(key, idleError, finished);
      current = { record, settle: () => settle() };
      return record;
    },
    token(characters: number) {
      if (!current) return;
      const now = wallNow();
      current.record.firstTokenAt ??= now;
      current.record.lastTokenAt = now;
      current.record.characters += characters;
    },
    /** The reply ended; `error` says why if not normally. */
    end,
  };
}
