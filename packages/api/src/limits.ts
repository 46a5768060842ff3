/**
 * Every limit the API puts on its callers, in one place. The hosts (apps/server) enforce the
 * transport ones; the procedures the rest. Sends have their own operator settings
 * (`SendLimits`: PARLEY_RATE_MESSAGES_PER_MINUTE, PARLEY_MAX_CONCURRENT_REPLIES).
 */

/** A count allowed per fixed window, counted on the coordination layer (Redis when shared). */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface TransportLimits {
  /** A request body larger than this is refused (413) before it is read. */
  maxBodyBytes: number;
  /** Calls in one HTTP batch, and in one WebSocket message. */
  maxCallsPerBatch: number;
  maxSubscriptionsPerSocket: number;
  /** Open WebSockets of one user on one instance. */
  maxSocketsPerUser: number;
}

export interface AbuseLimits {
  /** Sign-in attempts per account (email) and per client address; a success clears the account's count. */
  signInPerAccount: RateWindow;
  signInPerAddress: RateWindow;
  signUpPerAddress: RateWindow;
  /** Password hashes computed at once (scrypt: CPU and 32 MB each), and how many may wait for one. */
  hashingConcurrency: number;
  hashingQueue: number;
  newConversationsPerUser: RateWindow;
  newModelsPerUser: RateWindow;
  /** Each share link stores a frozen copy of its conversation: unbounded, they are a storage lever. */
  newSharesPerUser: RateWindow;
  newApiKeysPerUser: RateWindow;
}

const MINUTE = 60_000;

export const defaultTransportLimits: TransportLimits = {
  // A batch of sends at the longest message (32,000 characters, up to 6 bytes each JSON-escaped) fits.
  maxBodyBytes: 2 * 1024 * 1024,
  // Our clients batch at most CLIENT_BATCH_ITEMS calls; anything far beyond is not a client of ours.
  maxCallsPerBatch: 50,
  maxSubscriptionsPerSocket: 20,
  maxSocketsPerUser: 20,
};

export const defaultAbuseLimits: AbuseLimits = {
  signInPerAccount: { limit: 10, windowMs: 15 * MINUTE },
  signInPerAddress: { limit: 50, windowMs: 15 * MINUTE },
  signUpPerAddress: { limit: 10, windowMs: 60 * MINUTE },
  hashingConcurrency: 2,
  hashingQueue: 32,
  newConversationsPerUser: { limit: 30, windowMs: MINUTE },
  newModelsPerUser: { limit: 10, windowMs: MINUTE },
  newSharesPerUser: { limit: 20, windowMs: MINUTE },
  newApiKeysPerUser: { limit: 10, windowMs: MINUTE },
};

/**
 * The AI models users may choose for their trading models, all billed to the operator's key
 * (PARLEY_ALLOWED_AI_MODELS): the inexpensive general chat models unless the operator says otherwise.
 */
export const defaultAllowedAiModels = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "gpt-4.1-nano"];

/** What the clients of this repository put in one HTTP batch (their links' `maxItems`). */
export const CLIENT_BATCH_ITEMS = 20;
