import type { PrismaClient } from "@parley/db";
import type { EventBus } from "../bus/event-bus.js";
import type { ReplyStatus } from "../events.js";
import { createJobRunner, type JobRunner } from "../jobs/job-runner.js";
import { refreshSummary } from "../jobs/summary-job.js";
import { generateTitle } from "../jobs/title-job.js";
import type { ChatProvider } from "../providers/provider.js";
import { runReply, type ReplyDependencies } from "./run-reply.js";
import type { ToolboxFactory } from "./toolbox.js";

export interface ChatEngineOptions {
  prisma: PrismaClient;
  bus: EventBus;
  provider: ChatProvider;
  models: { chat: string; title: string; summary: string; force?: string | undefined };
  toolboxFor?: ToolboxFactory;
  jobs?: JobRunner;
  flushIntervalMs?: number;
  coalesceMs?: number;
}

interface ActiveReply {
  messageId: number;
  controller: AbortController;
  finished: Promise<ReplyStatus>;
}

export const INTERRUPTED_ERROR = "The server stopped while this reply was being written";

/** Owns reply generation: replies run on the server, whoever is (or stops) watching them. */
export function createChatEngine(options: ChatEngineOptions) {
  const { prisma, bus, provider, models } = options;
  const jobs = options.jobs ?? createJobRunner();
  const active = new Map<number, ActiveReply>();
  const deps: ReplyDependencies = {
    prisma,
    bus,
    provider,
    toolboxFor: options.toolboxFor ?? (() => null),
    chooseModel: (conversation) => models.force ?? conversation.model?.defaultAiModel ?? models.chat,
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    coalesceMs: options.coalesceMs ?? 16,
  };
  const jobDeps = (model: string) => ({ prisma, provider, bus, model });

  return {
    bus,
    jobs,
    status: () => ({ offline: provider.offline, provider: provider.name, chatModel: models.force ?? models.chat }),

    /** Starts writing the reply in the background; the caller has its answer at once. */
    startReply(reply: { sessionId: number; messageId: number; userMessageId: number | null }) {
      const controller = new AbortController();
      const finished = runReply(deps, { ...reply, signal: controller.signal }).then((status) => {
        active.delete(reply.sessionId);
        if (status === "complete") {
          jobs.run(`summary:${reply.sessionId}`, () => refreshSummary(jobDeps(models.summary), reply.sessionId));
        }
        return status;
      });
      active.set(reply.sessionId, { messageId: reply.messageId, controller, finished });
    },

    /** Stops the conversation's reply; its partial text is kept, with status `stopped`. */
    async stop(sessionId: number): Promise<boolean> {
      const reply = active.get(sessionId);
      if (!reply) return false;
      reply.controller.abort("stopped");
      await reply.finished;
      return true;
    },

    scheduleTitle(sessionId: number) {
      jobs.run(`title:${sessionId}`, () => generateTitle(jobDeps(models.title), sessionId));
    },

    /** At start-up: replies left `streaming` by a previous process will never finish. */
    async recoverInterrupted(): Promise<number> {
      const { count } = await prisma.chatMessage.updateMany({
        where: { status: "streaming" },
        data: { status: "interrupted", error: INTERRUPTED_ERROR, completedAt: new Date() },
      });
      return count;
    },

    activeReplies: () => active.size,

    /** Lets running replies finish until the deadline, then saves the rest as interrupted. */
    async shutdown(deadlineMs: number): Promise<void> {
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
