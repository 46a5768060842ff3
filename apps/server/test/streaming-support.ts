import { createOpenAIProvider, type ChatEvent } from "@parley/api";
import { startScriptedOpenAI, type Reply } from "@parley/scripted-openai";
import type { ApiClient } from "./harness.js";

/**
 * The product's real OpenAI path (the `openai` SDK) against the scripted server. Streaming
 * requests (replies) take the queued scripts in order; non-streaming ones (titles, summaries)
 * are answered by what their instruction asks for.
 */
export async function startScriptedProvider(options: { maxRetries?: number } = {}) {
  const replies: Reply[] = [];
  const scripted = await startScriptedOpenAI({
    respond: (request) => {
      if (!request.body.stream) {
        const system = JSON.stringify(request.body.messages[0] ?? "");
        return { kind: "text", text: /title/i.test(system) ? "Scalper Configuration Review" : "A short summary of earlier messages." };
      }
      return replies.shift() ?? { kind: "text", text: "(no scripted reply)" };
    },
  });
  const provider = createOpenAIProvider({
    apiKey: "test-key",
    baseURL: scripted.url,
    maxRetries: options.maxRetries ?? 2,
    requestTimeoutMs: 5_000,
  });
  const streamRequests = () => scripted.requests.filter((r) => (r.body as { stream?: boolean }).stream);
  return { scripted, provider, replies, streamRequests };
}

export interface Collected {
  events: Array<{ id: string; event: ChatEvent }>;
  text: string;
  done: Extract<ChatEvent, { type: "done" }> | undefined;
}

/**
 * Subscribes to a conversation and collects events until `until` says so (by default the
 * `done` of the reply `replyId`, or of any reply), applying them as a client would:
 * `reply_started` resets the text. A client must wait for its own reply's `done`: a subscriber
 * that arrives before the new reply starts first sees the previous reply replayed.
 */
export function collectStream(
  api: ApiClient,
  input: { sessionId: number; lastEventId?: string; replyId?: number | undefined },
  until: (event: ChatEvent, collected: Collected) => boolean = (event) =>
    event.type === "done" && (input.replyId === undefined || event.messageId === input.replyId),
): Promise<Collected> {
  const { replyId: _replyId, ...subscription } = input;
  const collected: Collected = { events: [], text: "", done: undefined };
  return new Promise((resolve, reject) => {
    const active = api.chat.stream.subscribe(subscription, {
      onData: ({ id, data }) => {
        collected.events.push({ id, event: data });
        if (data.type === "reply_started") collected.text = "";
        if (data.type === "delta") collected.text += data.text;
        if (data.type === "done") collected.done = data;
        if (until(data, collected)) {
          active.unsubscribe();
          resolve(collected);
        }
      },
      onError: (error) => reject(error),
    });
  });
}
