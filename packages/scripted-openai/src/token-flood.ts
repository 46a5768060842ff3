import type { ChatRequest } from "./recorded-request.js";
import type { ReplyContext } from "./reply-context.js";
import type { TokensReply } from "./reply.js";
import { usageFor, type Script } from "./script.js";
import { DONE, encodeEvent, startEventStream, writeBytes } from "./sse-writer.js";
import { completionChunk, usageChunk } from "./wire.js";

const DEFAULT_TOKEN_TEXT = " tok";
const DEFAULT_BATCH_SIZE = 64;

function checkCount(value: number, name: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) throw new RangeError(`${name} must be an integer >= ${minimum}, got ${value}`);
  return value;
}

/** The same reply as one `chat.completion`, for non-streaming requests. */
export function tokensScript(reply: TokensReply, request: ChatRequest): Script {
  const count = checkCount(reply.count, "count", 0);
  const text = (reply.tokenText ?? DEFAULT_TOKEN_TEXT).repeat(count);
  return {
    deltas: [],
    message: { role: "assistant", content: text, refusal: null },
    finishReason: "stop",
    usage: usageFor(request, count),
    pacing: {},
    ending: { kind: "complete" },
  };
}

/**
 * Every content chunk is the same bytes, encoded once; batches are concatenated once and reused,
 * so the cost per token is a memcpy into the socket and the server never becomes the bottleneck.
 */
export async function floodTokens(reply: TokensReply, request: ChatRequest, context: ReplyContext): Promise<void> {
  const { res, signal, identity } = context;
  const count = checkCount(reply.count, "count", 0);
  const batchSize = checkCount(reply.batchSize ?? DEFAULT_BATCH_SIZE, "batchSize", 1);
  const token = encodeEvent(completionChunk(identity, { content: reply.tokenText ?? DEFAULT_TOKEN_TEXT }));
  const opening = encodeEvent(completionChunk(identity, { role: "assistant", content: "", refusal: null }));
  startEventStream(res);
  await writeBytes(res, count > 0 ? Buffer.concat([opening, token]) : opening, signal);
  if (count > 0) context.markFirstChunk();
  let remaining = Math.max(0, count - 1);
  const batch = Buffer.concat(Array.from({ length: Math.min(batchSize, remaining) }, () => token));
  while (remaining >= batchSize) {
    await writeBytes(res, batch, signal);
    remaining -= batchSize;
  }
  const closing = [encodeEvent(completionChunk(identity, {}, "stop"))];
  if (identity.includeUsage) closing.push(encodeEvent(usageChunk(identity, usageFor(request, count))));
  closing.push(encodeEvent(DONE));
  await writeBytes(res, Buffer.concat([...Array.from({ length: remaining }, () => token), ...closing]), signal);
  res.end();
}
