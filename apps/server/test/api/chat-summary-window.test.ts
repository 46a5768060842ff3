import { createJobRunner, createOpenAIProvider } from "@parley/api";
import { messageText, startScriptedOpenAI, type ChatMessage, type ChatRequestBody, type ScriptedOpenAI } from "@parley/scripted-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { collectStream } from "../streaming-support.js";

/**
 * A long conversation through the real server and the `openai` SDK. Questions are `q<n>`, the
 * scripted answers `a<n>`, and the scripted summary lists every label it was given (the previous
 * summary's included), so each streamed request shows exactly which messages it carries.
 */
let scripted: ScriptedOpenAI;
let server: TestServer;
let failNextSummaries = 0;

const labelsIn = (text: string) => text.match(/\b[qa]\d+\b/g) ?? [];
const textOf = (message: ChatMessage | undefined) => (message ? messageText(message) : "");
const isSummaryRequest = (messages: readonly ChatMessage[]) => /Summarize/.test(textOf(messages[0]));

beforeAll(async () => {
  scripted = await startScriptedOpenAI({
    respond: (request) => {
      const messages = request.body.messages;
      if (request.body.stream) return { kind: "text", text: `a${textOf(messages.at(-1)).slice(1)}` };
      if (!isSummaryRequest(messages)) return { kind: "text", text: "A title" };
      if (failNextSummaries > 0) {
        failNextSummaries--;
        return { kind: "error", status: 400, message: "summary refused" };
      }
      return { kind: "text", text: `covers ${labelsIn(textOf(messages.at(-1))).join(" ")}` };
    },
  });
  const provider = createOpenAIProvider({ apiKey: "k", baseURL: scripted.url, maxRetries: 0, requestTimeoutMs: 5_000 });
  // A failed summary gives up at once: the next reply's window must cope with the gap.
  server = await startTestServer({ provider, engine: { jobs: createJobRunner({ retryDelaysMs: [] }) } });
});
afterAll(async () => {
  await server?.stop();
  await scripted?.close();
});

type WireMessage = { role: string; content: string | null };

/** The labels one streamed request carries: the summary's, then the verbatim messages'. */
function carried(messages: readonly WireMessage[]) {
  const system = messages[0]?.content ?? "";
  const summary = system.split("## Summary of earlier messages\n")[1] ?? "";
  return { fromSummary: labelsIn(summary), verbatim: messages.slice(1).map((m) => m.content ?? "") };
}

describe("the conversation memory over 100 turns", () => {
  it("sends every earlier message once, summary then verbatim, and summarizes about every 30 messages", async () => {
    const { api } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    const turns = 100;
    for (let n = 0; n < turns; n++) {
      // Two summaries fail on their way: the window stretches back until a later one lands.
      if (n === 29 || n === 75) failNextSummaries = 1;
      const sent = await api.chat.send.mutate({ target: { sessionId: session.id }, content: `q${n}` });
      const { done } = await collectStream(api, { sessionId: session.id, replyId: sent.reply?.messageId });
      expect(done?.status).toBe("complete");
      await server.chat.jobs.idle();
    }
    const bodies = scripted.requests.map((r) => r.body as ChatRequestBody);
    const streamed = bodies.filter((body) => body.stream);
    expect(streamed).toHaveLength(turns);
    streamed.forEach((body, n) => {
      const { fromSummary, verbatim } = carried(body.messages as WireMessage[]);
      const expected = Array.from({ length: n }, (_, i) => [`q${i}`, `a${i}`])
        .flat()
        .concat(`q${n}`);
      expect([...fromSummary, ...verbatim]).toEqual(expected);
      expect(verbatim[0]).toMatch(/^q/);
      // Bounded while the job keeps up: one message over only on the turn after a failed summary.
      expect(verbatim.length, `turn ${n}`).toBeLessThanOrEqual(n === 30 || n === 76 ? 62 : 60);
    });
    const summaryCalls = bodies.filter((body) => !body.stream && isSummaryRequest(body.messages));
    // 200 messages: due at 60 past the summary, folding all but ~30 each time: turns 30, 45, 60,
    // 76 and 91 (each failure delays the rest by a turn), plus the two that failed. Not one call
    // per turn past 60 messages (70 here).
    expect(summaryCalls).toHaveLength(7);
  }, 180_000);
});
