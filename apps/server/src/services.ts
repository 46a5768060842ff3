import {
  createChatEngine,
  createMemoryEventBus,
  createOfflineProvider,
  createOpenAIProvider,
  createTokenService,
  type ApiServices,
  type ChatProvider,
} from "@parley/api";
import type { Database } from "@parley/db";
import type { Env } from "./env.js";

/** With OPENAI_API_KEY, any OpenAI-compatible endpoint; without, the offline assistant. */
export function providerFromEnv(env: Env): ChatProvider {
  if (!env.OPENAI_API_KEY) return createOfflineProvider();
  return createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL });
}

export function createServices(env: Env, database: Database, jwtSecret: string, provider = providerFromEnv(env)): ApiServices {
  const chat = createChatEngine({
    prisma: database.prisma,
    bus: createMemoryEventBus(),
    provider,
    models: {
      chat: env.PARLEY_CHAT_MODEL,
      title: env.PARLEY_TITLE_MODEL,
      summary: env.PARLEY_SUMMARY_MODEL,
      force: env.PARLEY_FORCE_CHAT_MODEL,
    },
  });
  return { prisma: database.prisma, tokens: createTokenService({ secret: jwtSecret }), chat };
}
