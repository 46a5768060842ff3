import {
  createChatEngine,
  createLocalCoordination,
  createMemoryEventBus,
  createOfflineProvider,
  createOpenAIProvider,
  createRedisCoordination,
  createRedisEventBus,
  createTokenService,
  defaultAbuseLimits,
  defaultAllowedAiModels,
  priceTable,
  type ApiServices,
  type ReplyObserver,
  type BusObserver,
  type ChatProvider,
  type Logger,
} from "@parley/api";
import type { Database } from "@parley/db";
import type { Env } from "./env.js";

/** With OPENAI_API_KEY, any OpenAI-compatible endpoint; without, the offline assistant. */
export function providerFromEnv(env: Env): ChatProvider {
  if (!env.OPENAI_API_KEY) return createOfflineProvider();
  return createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL });
}

/** One instance keeps its events and agreements in memory; several share Redis. */
function sharedParts(env: Env, busObserver: BusObserver | undefined) {
  if (!env.REDIS_URL) return { bus: createMemoryEventBus(), coordination: createLocalCoordination() };
  const target = { url: env.REDIS_URL, cluster: env.PARLEY_REDIS_CLUSTER };
  return {
    bus: createRedisEventBus({
      ...target,
      namespace: env.PARLEY_REDIS_NAMESPACE,
      publishMode: env.PARLEY_REDIS_PUBLISH,
      ...(busObserver ? { observer: busObserver } : {}),
    }),
    coordination: createRedisCoordination(target, {
      leaseMs: env.PARLEY_REPLY_LEASE_MS,
      namespace: env.PARLEY_REDIS_NAMESPACE,
    }),
  };
}

export interface ServiceParts {
  database: Database;
  jwtSecret: string;
  logger: Logger;
  provider?: ChatProvider;
  /** Told of every reply's timings and outcome (/metrics). */
  replyObserver?: ReplyObserver;
  /** Told of every publish's round trip and every live event's age over Redis (/metrics). */
  busObserver?: BusObserver;
}

export function createServices(env: Env, parts: ServiceParts): ApiServices {
  const { database, jwtSecret, logger } = parts;
  const provider = parts.provider ?? providerFromEnv(env);
  const { bus, coordination } = sharedParts(env, parts.busObserver);
  const allowedAiModels = env.PARLEY_ALLOWED_AI_MODELS ?? defaultAllowedAiModels;
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    coordination,
    provider,
    models: {
      chat: env.PARLEY_CHAT_MODEL,
      title: env.PARLEY_TITLE_MODEL,
      summary: env.PARLEY_SUMMARY_MODEL,
      force: env.PARLEY_FORCE_CHAT_MODEL,
    },
    allowedAiModels,
    prices: priceTable(env.PARLEY_PRICES),
    ...(parts.replyObserver ? { observer: parts.replyObserver } : {}),
    limits: { messagesPerMinute: env.PARLEY_RATE_MESSAGES_PER_MINUTE, concurrentReplies: env.PARLEY_MAX_CONCURRENT_REPLIES },
    deadlines: {
      firstTokenMs: env.PARLEY_PROVIDER_FIRST_TOKEN_TIMEOUT_MS,
      idleMs: env.PARLEY_PROVIDER_IDLE_TIMEOUT_MS,
      slowNoticeMs: env.PARLEY_PROVIDER_SLOW_NOTICE_MS,
    },
    logger,
  });
  const signUps = env.PARLEY_SIGNUPS_PER_ADDRESS_PER_HOUR;
  const abuseLimits = signUps ? { ...defaultAbuseLimits, signUpPerAddress: { limit: signUps, windowMs: 3_600_000 } } : defaultAbuseLimits;
  return {
    prisma: database.prisma,
    sql: database.sql,
    tokens: createTokenService({ secret: jwtSecret }),
    chat,
    abuseLimits,
    allowedAiModels,
  };
}
