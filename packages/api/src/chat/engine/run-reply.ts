import type { PrismaClient } from "@parley/db";
import type { ReplyStatus } from "../events.js";
import { buildSystemPrompt } from "../prompt/system-prompt.js";
import { loadConversation, type LoadedConversation } from "../prompt/load-conversation.js";
import { rememberToldFigures } from "../prompt/run-facts.js";
import { ProviderError, type ChatProvider, type ProviderMessage, type ToolCall } from "../providers/provider.js";
import { createDeltaCoalescer } from "./delta-coalescer.js";
import { createReplyRecord, type ReplyRecord } from "./reply-record.js";
import { createSerialPublisher } from "./serial-publisher.js";
import type { Toolbox, ToolboxFactory } from "./toolbox.js";
import type { EventBus } from "../bus/event-bus.js";
import type { Logger } from "../../logger.js";

export const MAX_TOOL_ROUNDS = 5;

export interface ReplyDependencies {
  prisma: PrismaClient;
  bus: EventBus;
  provider: ChatProvider;
  toolboxFor: ToolboxFactory;
  chooseAiModel: (defaultAiModel: string | null) => string;
  flushIntervalMs: number;
  coalesceMs: number;
}

export interface ReplyJob {
  sessionId: number;
  messageId: number;
  userMessageId: number | null;
  signal: AbortSignal;
  /** Carries the conversation, reply and user ids on every line. */
  log: Logger;
}

/** Why a reply was aborted: the user pressed stop, or the server is going away. */
export type AbortReason = "stopped" | "shutdown";

export interface ReplyOutcome {
  status: ReplyStatus;
  /** Messages the summary does not cover yet (the reply included), when the conversation could be loaded. */
  uncoveredCount: number | null;
}

/**
 * Writes one assistant reply: loads the conversation, streams from the provider (running
 * tools between rounds), publishes deltas as they come and saves every outcome. Never throws.
 */
export async function runReply(deps: ReplyDependencies, job: ReplyJob): Promise<ReplyOutcome> {
  const { log } = job;
  const events = createSerialPublisher(deps.bus, job.sessionId, log);
  const record = createReplyRecord(deps.prisma, { messageId: job.messageId, flushIntervalMs: deps.flushIntervalMs, log });
  log.debug("reply started");
  let status: ReplyStatus = "complete";
  let error: string | null = null;
  let historyLength: number | null = null;
  try {
    const { conversation, storedAiModel } = await loadConversation(deps.prisma, job.sessionId, job.messageId);
    if (conversation.run?.figures) await rememberToldFigures(deps.prisma, job.messageId, conversation.run.figures);
    historyLength = conversation.history.length;
    const aiModel = deps.chooseAiModel(conversation.model?.defaultAiModel ?? null);
    // chat.send stored the model it chose; a retry (or a model changed since) saves it beside the stream.
    if (aiModel !== storedAiModel) record.saveAiModel(aiModel);
    const { messageId, userMessageId } = job;
    events.publish({ type: "reply_started", messageId, userMessageId, aiModel, offline: deps.provider.offline });
    await streamRounds(deps, job, { conversation, aiModel, record, publish: events.publish });
  } catch (failure) {
    const reason = job.signal.aborted ? (job.signal.reason as AbortReason) : null;
    status = reason === "stopped" ? "stopped" : reason === "shutdown" ? "interrupted" : "failed";
    if (status === "failed") {
      error = failure instanceof ProviderError ? failure.message : "The reply failed unexpectedly";
      if (failure instanceof ProviderError) log.warn({ kind: failure.kind }, "the provider failed the reply");
      else log.error({ err: failure }, "reply failed");
      events.publish({ type: "error", messageId: job.messageId, message: error });
    }
  }
  await record.finish(status, error).catch((saveError: unknown) => log.error({ err: saveError }, "saving the reply failed"));
  log.info({ status, usage: record.usage, characters: record.content.length }, "reply finished");
  // The saved reply is whole even if the bus dropped a delta: tell viewers to read it from there.
  await events.drained();
  if (events.lostAny()) events.publish({ type: "resync", sessionId: job.sessionId });
  const contentLength = record.content.length;
  events.publish({ type: "done", messageId: job.messageId, status, usage: record.usage, error, contentLength });
  await events.drained();
  deps.bus.settle(job.sessionId);
  const uncoveredCount = historyLength === null ? null : historyLength + (contentLength > 0 ? 1 : 0);
  return { status, uncoveredCount };
}

interface RoundContext {
  conversation: LoadedConversation;
  aiModel: string;
  record: ReplyRecord;
  publish: ReturnType<typeof createSerialPublisher>["publish"];
}

async function streamRounds(deps: ReplyDependencies, job: ReplyJob, context: RoundContext) {
  const { conversation, record, publish } = context;
  const toolbox = deps.toolboxFor(conversation);
  const system = buildSystemPrompt({ ...conversation, hasTools: toolbox !== null });
  const messages: ProviderMessage[] = [{ role: "system", content: system }, ...conversation.history];
  const coalescer = createDeltaCoalescer((text) => publish({ type: "delta", messageId: job.messageId, text }), deps.coalesceMs);
  try {
    for (let round = 1; ; round++) {
      const calls = await streamOneRound(deps, { ...context, messages, toolbox, signal: job.signal, coalescer });
      if (!calls.length || !toolbox) return;
      if (round > MAX_TOOL_ROUNDS) {
        // Saved as well as streamed: the stored reply must say what its viewers read.
        const note = `\n\n_Stopped after ${MAX_TOOL_ROUNDS} rounds of tool calls without a final answer._`;
        record.append(note);
        coalescer.push(note);
        return;
      }
      messages.push({ role: "assistant", content: null, toolCalls: calls });
      for (const call of calls) messages.push(await runTool(toolbox, call, job.messageId, record, publish));
    }
  } finally {
    coalescer.flush();
  }
}

async function streamOneRound(
  deps: ReplyDependencies,
  round: RoundContext & {
    messages: ProviderMessage[];
    toolbox: Toolbox | null;
    signal: AbortSignal;
    coalescer: ReturnType<typeof createDeltaCoalescer>;
  },
): Promise<ToolCall[]> {
  let calls: ToolCall[] = [];
  const request = { model: round.aiModel, messages: round.messages, tools: round.toolbox?.specs, signal: round.signal };
  for await (const chunk of deps.provider.stream(request)) {
    if (chunk.type === "text") {
      round.record.append(chunk.text);
      round.coalescer.push(chunk.text);
    } else if (chunk.type === "usage") {
      round.record.addUsage(chunk.promptTokens, chunk.completionTokens);
    } else {
      calls = chunk.calls;
    }
  }
  round.signal.throwIfAborted();
  return calls;
}

async function runTool(
  toolbox: Toolbox,
  call: ToolCall,
  messageId: number,
  record: ReplyRecord,
  publish: RoundContext["publish"],
): Promise<ProviderMessage> {
  publish({ type: "tool_call", messageId, callId: call.id, name: call.name, arguments: call.arguments });
  const outcome = await toolbox.execute(call);
  record.addTool({ name: call.name, arguments: call.arguments, ok: outcome.ok });
  publish({ type: "tool_result", messageId, callId: call.id, name: call.name, ok: outcome.ok, result: outcome.result });
  return { role: "tool", toolCallId: call.id, content: outcome.result };
}
