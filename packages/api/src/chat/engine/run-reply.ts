import type { PrismaClient } from "@parley/db";
import type { ReplyStatus } from "../events.js";
import { buildSystemPrompt } from "../prompt/system-prompt.js";
import { loadConversation, type LoadedConversation } from "../prompt/load-conversation.js";
import { rememberToldFigures } from "../prompt/run-facts.js";
import { ProviderError, type ChatProvider, type ProviderMessage, type ToolCall, type ToolSpec } from "../providers/provider.js";
import { createDeltaCoalescer } from "./delta-coalescer.js";
import { finishNote } from "./finish-notes.js";
import { INTERRUPTED_ERROR } from "./orphan-sweeper.js";
import { watchProviderRequest, type ProviderDeadlines } from "./provider-watch.js";
import { createReplyRecord, storedResult, type ReplyRecord } from "./reply-record.js";
import { createSerialPublisher } from "./serial-publisher.js";
import type { ReplyObserver } from "./reply-observer.js";
import type { Toolbox, ToolboxFactory } from "./toolbox.js";
import type { EventBus } from "../bus/event-bus.js";
import type { Logger } from "../../logger.js";
import { costUsd, type PriceTable } from "../../usage/prices.js";
import { countUsage } from "../../usage/token-count.js";

export const MAX_TOOL_ROUNDS = 5;

export interface ReplyDependencies {
  prisma: PrismaClient;
  prices: PriceTable;
  bus: EventBus;
  provider: ChatProvider;
  toolboxFor: ToolboxFactory;
  chooseAiModel: (defaultAiModel: string | null) => string;
  flushIntervalMs: number;
  coalesceMs: number;
  deadlines: ProviderDeadlines;
  observer: ReplyObserver;
}

export interface ReplyJob {
  sessionId: number;
  messageId: number;
  userMessageId: number | null;
  signal: AbortSignal;
  /** Carries the conversation, reply and user ids on every line. */
  log: Logger;
}

/** Why a reply was aborted: the user pressed stop or deleted the conversation, or the server is going away. */
export type AbortReason = "stopped" | "deleted" | "shutdown";

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
  const startedAt = performance.now();
  const events = createSerialPublisher(deps.bus, job.sessionId, log);
  const record = createReplyRecord(deps.prisma, { messageId: job.messageId, flushIntervalMs: deps.flushIntervalMs, log });
  log.debug("reply started");
  let ending: Ending;
  let historyLength: number | null = null;
  let aiModel: string | null = null;
  try {
    const { conversation, storedAiModel } = await loadConversation(deps.prisma, job.sessionId, job.messageId);
    if (conversation.run?.figures) await rememberToldFigures(deps.prisma, job.messageId, conversation.run.figures);
    historyLength = conversation.history.length;
    aiModel = deps.chooseAiModel(conversation.model?.defaultAiModel ?? null);
    // chat.send stored the model it chose; a retry (or a model changed since) saves it beside the stream.
    if (aiModel !== storedAiModel) record.saveAiModel(aiModel);
    if (conversation.versions) record.setModelVersion(conversation.versions.current);
    const { messageId, userMessageId } = job;
    events.publish({ type: "reply_started", messageId, userMessageId, aiModel, offline: deps.provider.offline });
    const finishReason = await streamRounds(deps, job, { conversation, aiModel, record, publish: events.publish, startedAt });
    // A complete reply the provider cut short (length, content filter) says so beside its text.
    ending = { status: "complete", error: finishNote(finishReason) };
  } catch (failure) {
    ending = endingOfFailure(failure, job);
    if (ending.status === "failed") events.publish({ type: "error", messageId: job.messageId, message: ending.error ?? "" });
  }
  // Priced now, at today's prices: the stored figure stays what the reply cost.
  const cost = costUsd(deps.prices, aiModel, record.usage);
  const saved = await record.finish(ending.status, ending.error, cost).catch((saveError: unknown) => {
    log.error({ err: saveError }, "saving the reply failed");
    return true;
  });
  log.info({ status: ending.status, usage: record.usage, characters: record.content.length, saved }, "reply finished");
  deps.observer.finished(ending.status, ending.providerFailure ?? null, record.usage?.completionTokens ?? null);
  // A reply whose conversation was deleted ends without a `done`: the deletion told its viewers.
  if (saved) await publishDone(events, job, record, { status: ending.status, error: ending.error, costUsd: cost });
  else if (await endedElsewhere(deps.prisma, job.messageId)) {
    // Another instance took this writer for dead and ended the reply on its own bus. Viewers of
    // this bus never heard that, and nothing more will come: they must read the saved reply.
    log.warn("the reply was ended by another instance while it was being written");
    events.publish({ type: "resync", sessionId: job.sessionId });
  }
  await events.drained();
  deps.bus.settle(job.sessionId);
  const uncoveredCount = historyLength === null ? null : historyLength + (record.content.length > 0 ? 1 : 0);
  return { status: ending.status, uncoveredCount: saved ? uncoveredCount : null };
}

async function endedElsewhere(prisma: PrismaClient, messageId: number): Promise<boolean> {
  const message = await prisma.chatMessage.findUnique({ where: { id: messageId }, select: { id: true } }).catch(() => null);
  return message !== null;
}

type Ending = { status: ReplyStatus; error: string | null; providerFailure?: ProviderError["kind"] };

/** Why the reply ended, from the failure that ended it and the reason it was aborted, if it was. */
function endingOfFailure(failure: unknown, job: ReplyJob): Ending {
  const reason = job.signal.aborted ? (job.signal.reason as AbortReason) : null;
  if (reason === "stopped" || reason === "deleted") return { status: "stopped", error: null };
  // Said as a crash says it (the orphan sweeper): to the user both are the server going away.
  if (reason === "shutdown") return { status: "interrupted", error: INTERRUPTED_ERROR };
  if (failure instanceof ProviderError) {
    job.log.warn({ kind: failure.kind }, "the provider failed the reply");
    return { status: "failed", error: failure.message, providerFailure: failure.kind };
  }
  job.log.error({ err: failure }, "reply failed");
  return { status: "failed", error: "The reply failed unexpectedly" };
}

async function publishDone(
  events: ReturnType<typeof createSerialPublisher>,
  job: ReplyJob,
  record: ReplyRecord,
  ending: { status: ReplyStatus; error: string | null; costUsd: number | null },
) {
  // The saved reply is whole even if the bus dropped a delta: tell viewers to read it from there.
  await events.drained();
  if (events.lostAny()) events.publish({ type: "resync", sessionId: job.sessionId });
  const contentLength = record.content.length;
  events.publish({ type: "done", messageId: job.messageId, ...ending, usage: record.usage, contentLength });
}

interface RoundContext {
  conversation: LoadedConversation;
  aiModel: string;
  record: ReplyRecord;
  publish: ReturnType<typeof createSerialPublisher>["publish"];
  /** performance.now() when the reply began: its first text's latency is counted from there. */
  startedAt: number;
}

/** Streams rounds until the answer has no tool calls left; returns why the provider ended it. */
async function streamRounds(deps: ReplyDependencies, job: ReplyJob, context: RoundContext): Promise<string | null> {
  const { conversation, record, publish } = context;
  const toolbox = deps.toolboxFor(conversation);
  const system = buildSystemPrompt({ ...conversation, hasTools: toolbox !== null });
  const messages: ProviderMessage[] = [{ role: "system", content: system }, ...conversation.history];
  const coalescer = createDeltaCoalescer((text) => publish({ type: "delta", messageId: job.messageId, text }), deps.coalesceMs);
  try {
    for (let round = 1; ; round++) {
      const { calls, finishReason } = await streamOneRound(deps, {
        ...context,
        messages,
        toolbox,
        signal: job.signal,
        coalescer,
        messageId: job.messageId,
      });
      if (!calls.length || !toolbox) return finishReason;
      if (round > MAX_TOOL_ROUNDS) {
        // Saved as well as streamed: the stored reply must say what its viewers read.
        const note = `\n\n_Stopped after ${MAX_TOOL_ROUNDS} rounds of tool calls without a final answer._`;
        record.append(note);
        coalescer.push(note);
        return null;
      }
      messages.push({ role: "assistant", content: null, toolCalls: calls });
      for (const call of calls) messages.push(await runTool(toolbox, call, job.messageId, record, publish));
    }
  } finally {
    coalescer.flush();
  }
}

/** One provider request under the deadlines; the text goes out as it comes. */
async function streamOneRound(
  deps: ReplyDependencies,
  round: RoundContext & {
    messages: ProviderMessage[];
    toolbox: Toolbox | null;
    signal: AbortSignal;
    coalescer: ReturnType<typeof createDeltaCoalescer>;
    messageId: number;
  },
): Promise<{ calls: ToolCall[]; finishReason: string | null }> {
  const { messageId } = round;
  const watch = watchProviderRequest(deps.deadlines, round.signal, (waitedMs) =>
    round.publish({ type: "provider_slow", messageId, waitedMs }),
  );
  let calls: ToolCall[] = [];
  let finishReason: string | null = null;
  const request = { model: round.aiModel, messages: round.messages, tools: round.toolbox?.specs, signal: watch.signal };
  const askedAt = performance.now();
  let answered = false;
  let reportedUsage = false;
  let roundText = "";
  try {
    for await (const chunk of deps.provider.stream(request)) {
      watch.chunk();
      if (!answered) {
        answered = true;
        deps.observer.providerFirstChunk(performance.now() - askedAt);
      }
      if (chunk.type === "text") {
        if (round.record.content.length === 0 && chunk.text.length > 0) deps.observer.firstText(performance.now() - round.startedAt);
        deps.observer.textChunk();
        round.record.append(chunk.text);
        roundText += chunk.text;
        round.coalescer.push(chunk.text);
      } else if (chunk.type === "usage") {
        reportedUsage = true;
        round.record.addUsage(chunk.promptTokens, chunk.completionTokens);
      } else if (chunk.type === "tool_calls") {
        calls = chunk.calls;
      } else if (chunk.type === "finish") {
        finishReason = chunk.reason;
      }
    }
  } catch (error) {
    throw watch.failure() ?? error;
  } finally {
    watch.dispose();
    // An answer that began but reported no usage (a server that ignores include_usage, a stop
    // or a cut before the last chunk) was billed all the same: count it ourselves.
    if (answered && !reportedUsage) await countRound(round, request, { text: roundText, calls });
  }
  const expired = watch.failure();
  if (expired) throw expired;
  round.signal.throwIfAborted();
  return { calls, finishReason };
}

async function countRound(
  round: RoundContext,
  request: { model: string; messages: ProviderMessage[]; tools?: ToolSpec[] | undefined },
  answer: { text: string; calls: ToolCall[] },
) {
  const usage = await countUsage(round.aiModel, request, answer);
  round.record.addUsage(usage.promptTokens, usage.completionTokens);
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
  const at = new Date().toISOString();
  record.addTool({ name: call.name, arguments: call.arguments, ok: outcome.ok, callId: call.id, result: storedResult(outcome.result), at });
  publish({ type: "tool_result", messageId, callId: call.id, name: call.name, ok: outcome.ok, result: outcome.result, at });
  return { role: "tool", toolCallId: call.id, content: outcome.result };
}
