import type { ReplyContext } from "./reply-context.js";
import type { Script } from "./script.js";
import { DONE, flushed, pause, sseWriter, startEventStream, untilAborted, type SseWriter } from "./sse-writer.js";
import { completionChunk, errorBody, usageChunk } from "./wire.js";

async function finish(script: Script, writer: SseWriter, context: ReplyContext): Promise<void> {
  const { res, signal, identity } = context;
  const { ending } = script;
  switch (ending.kind) {
    case "complete":
      await writer.send(completionChunk(identity, {}, script.finishReason));
      if (identity.includeUsage && script.usage) await writer.send(usageChunk(identity, script.usage));
      await writer.send(DONE);
      res.end();
      return;
    case "error":
      await writer.send(errorBody(ending.details));
      res.end();
      return;
    case "end-early":
      res.end();
      return;
    case "disconnect":
      await flushed(res);
      context.disconnect();
      return;
    case "hang":
      await untilAborted(signal);
      return;
  }
}

/** Streams a script as SSE: role chunk, content or tool-call deltas, then its ending. */
export async function streamScript(script: Script, context: ReplyContext): Promise<void> {
  const { res, signal, identity } = context;
  const { pacing } = script;
  const writer = sseWriter(res, { splitUtf8: pacing.splitUtf8 ?? false, signal });
  startEventStream(res);
  await pause(pacing.firstChunkDelayMs, signal);
  const opening = script.message.content === null ? null : "";
  await writer.send(completionChunk(identity, { role: "assistant", content: opening, refusal: null }));
  for (const [position, delta] of script.deltas.entries()) {
    if (position > 0) await pause(pacing.delayMs, signal);
    await writer.send(completionChunk(identity, delta));
    context.markFirstChunk();
  }
  await finish(script, writer, context);
}
