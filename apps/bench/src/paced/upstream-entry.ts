// The paced upstream: the scripted OpenAI server in a process of its own, answering every
// streamed request of an armed scenario with tokens at a model's pace (paced-tokens). Replies
// are held until all of a scenario's requests have arrived, then start together, each after a
// random part of one gap, so the streams are not in step.
import { startScriptedOpenAI, type ChatRequest, type Reply } from "@parley/scripted-openai";
import { wallNow } from "../streaming/clock.js";
import { emit, serve } from "../streaming/ipc.js";
import { pacedToken, type PacedPlan, type PacedUpstreamApi } from "./upstream-api.js";

const JITTER = 0.5;
let armed: { plan: PacedPlan; held: Array<() => void>; released: boolean } | null = null;

function respond(request: ChatRequest): Reply | Promise<Reply> {
  if (!request.body.stream) return { kind: "text", text: "A short answer." };
  const scenario = armed;
  if (!scenario) return { kind: "error", status: 400, message: "no paced scenario armed" };
  const { tokens, tokensPerSecond } = scenario.plan;
  const reply = (): Reply => ({
    kind: "paced-tokens",
    count: tokens,
    tokensPerSecond,
    jitter: JITTER,
    startDelayMs: Math.random() * (1000 / tokensPerSecond),
    tokenText: (index) => pacedToken(index, wallNow()),
  });
  if (scenario.released) return reply();
  return new Promise((resolve) => {
    scenario.held.push(() => resolve(reply()));
    if (scenario.held.length === scenario.plan.streams) emit("arrived", scenario.plan.tag);
  });
}

const upstream = await startScriptedOpenAI({ respond });

const api: PacedUpstreamApi = {
  arm(plan) {
    upstream.reset();
    armed = { plan, held: [], released: false };
  },
  release(tag) {
    if (armed?.plan.tag !== tag) return 0;
    armed.released = true;
    for (const start of armed.held) start();
    return armed.held.length;
  },
  cpu: () => process.cpuUsage(),
  stop: () => upstream.close(),
};

serve(api);
emit("ready", upstream.url);
