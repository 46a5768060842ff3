/**
 * The baseline's wire protocol, the least a relay can have: the client sends JSON requests;
 * the server sends each token as a text message holding just the token, and anything else
 * as a binary message holding JSON.
 */
export type BareRequest = { type: "subscribe"; conversation: string } | { type: "start"; key: string };

export type BareControl = { type: "subscribed" } | { type: "done"; tokens: number } | { type: "error"; message: string };
