import { sendError } from "./errors.js";
import type { ChatRequest } from "./recorded-request.js";
import type { ReplyContext } from "./reply-context.js";
import type { Reply } from "./reply.js";
import { scriptFor } from "./script.js";
import { sendCompletion } from "./send-completion.js";
import { untilAborted } from "./sse-writer.js";
import { streamScript } from "./stream-script.js";
import { floodTokens, tokensScript } from "./token-flood.js";
import { streamPacedTokens } from "./paced-tokens.js";

/** Writes one scripted reply to a chat completion request, streamed or not as the request asked. */
export async function answerChat(reply: Reply, request: ChatRequest, context: ReplyContext): Promise<void> {
  const streaming = request.body.stream === true;
  switch (reply.kind) {
    case "error":
      sendError(context.res, reply);
      return;
    case "tokens":
      if (streaming) return floodTokens(reply, request, context);
      return sendCompletion(tokensScript(reply, request), context);
    case "paced-tokens":
      if (streaming) return streamPacedTokens(reply, request, context);
      sendError(context.res, { kind: "error", status: 400, message: "paced tokens are streamed only" });
      return;
    case "disconnect":
      if (streaming && reply.afterChunks !== undefined) break;
      context.disconnect();
      return;
    case "end-early":
      if (streaming) break;
      context.disconnect();
      return;
    case "hang":
      if (streaming && reply.afterChunks !== undefined) break;
      return untilAborted(context.signal);
    case "stream-error":
      if (streaming) break;
      sendError(context.res, { kind: "error", status: 500, message: reply.message });
      return;
    case "text":
    case "tool-calls":
      break;
  }
  const script = scriptFor(reply, request);
  if (script.usage === null) context.identity.includeUsage = false;
  return streaming ? streamScript(script, context) : sendCompletion(script, context);
}
