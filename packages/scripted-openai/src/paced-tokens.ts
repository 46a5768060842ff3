import type { ChatRequest } from "./recorded-request.js";
import type { ReplyContext } from "./reply-context.js";
import type { PacedTokensReply } from "./reply.js";
import { usageFor } from "./script.js";
import { DONE, encodeEvent, pause, startEventStream, writeBytes } from "./sse-writer.js";
import { completionChunk, usageChunk } from "./wire.js";

/** Streams a paced reply (see PacedTokensReply); a non-streaming request gets a 400. */
export async function streamPacedTokens(reply: PacedTokensReply, request: ChatRequest, context: ReplyContext): Promise<void> {
  const { res, signal, identity } = context;
  const gapMs = 1000 / reply.tokensPerSecond;
  const jitter = Math.min(Math.max(reply.jitter ?? 0.5, 0), 1);
  startEventStream(res);
  await writeBytes(res, encodeEvent(completionChunk(identity, { role: "assistant", content: "", refusal: null })), signal);
  let due = performance.now() + (reply.startDelayMs ?? 0);
  for (let index = 0; index < reply.count; index++) {
    await pause(Math.max(0, due - performance.now()), signal);
    await writeBytes(res, encodeEvent(completionChunk(identity, { content: reply.tokenText(index) })), signal);
    if (index === 0) context.markFirstChunk();
    due += gapMs * (1 + jitter * (2 * Math.random() - 1));
  }
  const closing = [encodeEvent(completionChunk(identity, {}, "stop"))];
  if (identity.includeUsage) closing.push(encodeEvent(usageChunk(identity, usageFor(request, reply.count))));
  closing.push(encodeEvent(DONE));
  await writeBytes(res, Buffer.concat(closing), signal);
  res.end();
}
