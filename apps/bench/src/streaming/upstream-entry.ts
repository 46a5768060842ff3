// The scripted OpenAI upstream, in a process of its own so that neither server is billed for
// producing tokens. Both servers ask it for replies the same way (the `openai` SDK, streaming).
import { lastUserMessage, startScriptedOpenAI, type ChatRequest, type ChatRequestBody, type Reply } from "@parley/scripted-openai";
import { wallNow } from "./clock.js";
import { emit, serve } from "./ipc.js";
import { keyTag, TOKEN_TEXT, type ScenarioPlan, type UpstreamApi } from "./upstream-api.js";

interface Scenario {
  plan: ScenarioPlan;
  held: Array<() => void>;
  released: boolean;
  /** wallNow() when each reply's first content chunk had been written, by key. */
  firstChunks: Record<string, number>;
}

const scenarios = new Map<string, Scenario>();

/** The benchmark puts a reply's key (`<tag>/<index>`) in the user message it sends. */
function keyOf(body: ChatRequestBody): string {
  return lastUserMessage(body.messages) ?? "";
}

function respond(request: ChatRequest): Reply | Promise<Reply> {
  if (!request.body.stream) return { kind: "text", text: "A short answer." };
  const key = keyOf(request.body);
  const scenario = scenarios.get(keyTag(key));
  if (!scenario) return { kind: "error", status: 400, message: `no scenario armed for "${key}"` };
  const reply: Reply = { kind: "tokens", count: scenario.plan.tokens, tokenText: TOKEN_TEXT };
  if (!scenario.plan.together || scenario.released) return reply;
  return new Promise((resolve) => {
    scenario.held.push(() => resolve(reply));
    if (scenario.held.length === scenario.plan.streams) emit("arrived", scenario.plan.tag);
  });
}

const upstream = await startScriptedOpenAI({
  respond,
  onFirstChunk(request) {
    // Only chat completions stream, so the body is a chat request's.
    const key = keyOf(request.body as ChatRequestBody);
    const scenario = scenarios.get(keyTag(key));
    if (scenario) scenario.firstChunks[key] = wallNow();
  },
});

const api: UpstreamApi = {
  arm(plan) {
    upstream.reset();
    scenarios.set(plan.tag, { plan, held: [], released: false, firstChunks: {} });
  },
  release(tag) {
    const scenario = scenarios.get(tag);
    if (!scenario) return 0;
    scenario.released = true;
    for (const start of scenario.held) start();
    return scenario.held.length;
  },
  firstChunks(tag) {
    const scenario = scenarios.get(tag);
    scenarios.delete(tag);
    return scenario?.firstChunks ?? {};
  },
  cpu: () => process.cpuUsage(),
  stop: () => upstream.close(),
};

serve(api);
emit("ready", upstream.url);
