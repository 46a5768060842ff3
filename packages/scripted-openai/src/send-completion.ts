import { sendJson } from "./http-io.js";
import type { ReplyContext } from "./reply-context.js";
import type { Script } from "./script.js";
import { pause } from "./sse-writer.js";
import { chatCompletion } from "./wire.js";

/** Answers a non-streaming request with a `chat.completion`, after the time the stream would have taken. */
export async function sendCompletion(script: Script, context: ReplyContext): Promise<void> {
  const { pacing } = script;
  const between = (pacing.delayMs ?? 0) * Math.max(0, script.deltas.length - 1);
  await pause((pacing.firstChunkDelayMs ?? 0) + between, context.signal);
  sendJson(context.res, 200, chatCompletion(context.identity, script.message, script.finishReason, script.usage));
}
