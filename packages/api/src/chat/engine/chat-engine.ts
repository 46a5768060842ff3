import type { PrismaClient } from "@parley/db";
import type { Coordination } from "../../coordination/coordination.js";
import { createLocalCoordination } from "../../coordination/local-coordination.js";
import type { EventBus } from "../bus/event-bus.js";
import type { ReplyStatus } from "../events.js";
import { createJobRunner, type JobRunner } from "../jobs/job-runner.js";
import { refreshSummary } from "../jobs/summary-job.js";
import { summaryIsDue } from "../prompt/history-window.js";
import { generateTitle } from "../jobs/title-job.js";
import type { ChatProvider } from "../providers/provider.js";
import { defaultSendLimits, type SendLimits } from "../send-policy.js";
import { sweepOrphanedReplies } from "./orphan-sweeper.js";
import { defaultProviderDeadlines, type ProviderDeadlines } from "./provider-watch.js";
import { runToolbox } from "../tools/run-toolbox.js";
import { modelToolbox } from "../tools/across-runs/model-toolbox.js";
import { eitherToolbox } from "./toolbox.js";
import { runReply, type ReplyDependencies } from "./run-reply.js";
import { stopRemoteReply } from "./stop-remote-reply.js";
import { silentLogger, type Logger } from "../../logger.js";
import type { ToolboxFactory } from "./toolbox.js";
import { ignoreReplies, type ReplyObserver } from "./reply-observer.js";
import { defaultPrices, type PriceTable } from "../../usage/prices.js";

export { INTERRUPTED_ERROR } from "./orphan-sweeper.js";

export interface ChatEngineOptions {
  prisma: PrismaClient;
  bus: EventBus;
  provider: ChatProvider;
  models: { chat: string; title: string; summary: string; force?: string | undefined };
  /**
   * The AI models a trading model may name (PARLEY_ALLOWED_AI_MODELS). A model saved before the
   * operator narrowed the list is answered with `models.chat` rather than the one it names.
   * Default: any.
   */
  allowedAiModels?: readonly string[];
  /** Prices per AI model, for each reply's and background job's cost. Default: `defaultPrices`. */
  prices?: PriceTable;
  /** Told of every reply's timings and outcome (the server's /metrics). Default: nobody. */
  observer?: ReplyObserver;
  coordination?: Coordination;
  toolboxFor?: ToolboxFactory;
  jobs?: JobRunner;
  flushIntervalMs?: number;
  coalesceMs?: number;
  limits?: SendLimits;
  /** How long the provider may keep a reply waiting; default 45 s to the first token, 30 s of silence. */
  deadlines?: Partial<ProviderDeadlines>;
  /** The process's logger; replies log through children carrying their ids. Default: silent. */
  logger?: Logger;
}

interface ActiveReply {
  messageId: number;
  controller: AbortController;
  finished: Promise<ReplyStatus>;
}

/** Owns reply generation: replies run on the server, whoever is (or stops) watching them. */
export function createChatEngine(options: ChatEngineOptions) {
  const { prisma, bus, provider, models } = options;
  const coordination = options.coordination ?? createLocalCoordination();
  const log = options.logger ?? silentLogger;
  const jobs = options.jobs ?? createJobRunner({ logger: log });
  const active = new Map<number, ActiveReply>();
  let sweeper: NodeJS.Timeout | null = null;
  let accepting = true;
  const allowed = (aiModel: string) => options.allowedAiModels?.includes(aiModel) ?? true;
  const chooseAiModel = (defaultAiModel: string | null) =>
    provider.offline ? "offline" : (models.force ?? (defaultAiModel && allowed(defaultAiModel) ? defaultAiModel : models.chat));
  const prices = options.prices ?? defaultPrices;
  const deps: ReplyDependencies = {
    prisma,
    prices,
    bus,
    provider,
    // Run conversations get the run's tools, model conversations the tools over all its runs,
    // general conversations none.
    toolboxFor: options.toolboxFor ?? eitherToolbox(runToolbox(prisma, { logger: log }), modelToolbox(prisma, { logger: log })),
    chooseAiModel,
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    coalesceMs: options.coalesceMs ?? 16,
    deadlines: { ...defaultProviderDeadlines, ...options.deadlines },
    observer: options.observer ?? ignoreReplies,
  };
  const jobDeps = (model: string) => ({ prisma, provider, bus, model, log, prices });
  const isLocal = (messageId: number) => [...active.values()].some((reply) => reply.messageId === messageId);
  coordination.onStopRequest((sessionId) => {
    const reply = active.get(sessionId);
    reply?.controller.abort("stopped");
    return reply !== undefined;
  });

  return {
    bus,
    /** The process's logger, for what procedures do after their change (announcing it). */
    log,
    jobs,
    coordination,
    limits: options.limits ?? defaultSendLimits,
    firstTokenDeadlineMs: deps.deadlines.firstTokenMs,
    /** The AI model a reply in a conversation of a model with this default (or of none) is written with. */
    chooseAiModel,
    /** False once shutdown began: new messages go to another instance. */
    accepting: () => accepting,
    status: () => ({ offline: provider.offline, provider: provider.name, chatModel: models.force ?? models.chat }),

    /** Starts writing the reply in the background; the caller has its answer at once. */
    startReply(reply: { sessionId: number; messageId: number; userMessageId: number | null; userId?: string }) {
      const controller = new AbortController();
      const replyLog = log.child({ conversationId: reply.sessionId, replyId: reply.messageId, userId: reply.userId ?? null });
      const release = coordination.holdReply(reply.messageId);
      // Registered now (a stop can find it at once) but written from the next turn of the event
      // loop: the send's answer is serialized and flushed first, instead of waiting behind the
      // reply's first steps (0.65 ms of a 7.3 ms send at p50, measured in-process).
      const started = new Promise<void>((resolve) => setImmediate(resolve));
      const finished = started
        .then(() => runReply(deps, { ...reply, signal: controller.signal, log: replyLog }))
        .then(async ({ status, uncoveredCount }) => {
          active.delete(reply.sessionId);
          await release();
          // The count cannot change while the reply is written (a send would be REPLY_IN_PROGRESS):
          // while the window is short enough, the job would only read it again to find nothing to do.
          if (uncoveredCount !== null && summaryIsDue(uncoveredCount)) {
            jobs.run(`summary:${reply.sessionId}`, () => refreshSummary(jobDeps(models.summary), reply.sessionId));
          }
          return status;
        });
      active.set(reply.sessionId, { messageId: reply.messageId, controller, finished });
    },

    /** Stops the conversation's reply, on whichever instance writes it; partial text is kept. */
    async stop(sessionId: number): Promise<boolean> {
      const reply = active.get(sessionId);
      if (!reply) return stopRemoteReply({ prisma, bus, coordination }, sessionId);
      reply.controller.abort("stopped");
      await reply.finished;
      return true;
    },

    /**
     * After a conversation was deleted: its reply stops at once, on whichever instance writes
     * it (saved `stopped` with its text, for an undo), then viewers are told, last.
     */
    async conversationDeleted(sessionId: number): Promise<void> {
      const local = active.get(sessionId);
      if (local) {
        local.controller.abort("deleted");
        await local.finished;
      } else {
        await stopRemoteReply({ prisma, bus, coordination }, sessionId).catch((error: unknown) =>
          log.error({ conversationId: sessionId, err: error }, "stopping the reply of a deleted conversation failed"),
        );
      }
      await bus.publish(sessionId, { type: "conversation_deleted", sessionId });
      bus.settle(sessionId);
    },

    /** Several sends may ask before the first title lands; one instance writes it, once. */
    scheduleTitle(sessionId: number) {
      coordination
        .claimOnce(`title:${sessionId}`, 5 * 60_000)
        .then((claimed) => {
          if (claimed) jobs.run(`title:${sessionId}`, () => generateTitle(jobDeps(models.title), sessionId));
        })
        .catch((error: unknown) => log.error({ conversationId: sessionId, err: error }, "scheduling the title failed"));
    },

    /**
     * Saves replies no live instance is writing as interrupted. At start-up of a single
     * instance every streaming reply is such an orphan; with several instances, replies
     * leased by others are left alone and young ones are given time to be leased.
     */
    sweepOrphans: (minAgeMs: number) => sweepOrphanedReplies({ prisma, bus, coordination }, { minAgeMs, isLocal }),

    startSweeping(intervalMs: number, minAgeMs: number) {
      sweeper = setInterval(() => {
        sweepOrphanedReplies({ prisma, bus, coordination }, { minAgeMs, isLocal }).catch((error: unknown) =>
          log.error({ err: error }, "sweeping orphaned replies failed"),
        );
      }, intervalMs);
      sweeper.unref();
    },

    activeReplies: () => active.size,

    /** Lets running replies finish until the deadline, then saves the rest as interrupted. */
    async shutdown(deadlineMs: number): Promise<void> {
      accepting = false;
      if (sweeper) clearInterval(sweeper);
      const replies = [...active.values()];
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
      await Promise.race([Promise.all(replies.map((r) => r.finished)), deadline]);
      for (const reply of active.values()) reply.controller.abort("shutdown");
      await Promise.all(replies.map((r) => r.finished));
      await Promise.race([jobs.idle(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}

export type ChatEngine = ReturnType<typeof createChatEngine>;
