import {
  createChatEngine,
  type SendLimits,
  createMemoryEventBus,
  createOfflineProvider,
  createOpenAIProvider,
  createTokenService,
  defaultAbuseLimits,
  priceTable,
} from "@parley/api";
import { createTestDatabase } from "@parley/db/testing";
import { startScriptedOpenAI } from "@parley/scripted-openai";
import { createParleyServer } from "@parley/server/create-server";
import { inject } from "vitest";
import { createAssistant, MODELS } from "./assistant";

// Every test signs its users up from 127.0.0.1.
const manySignUps = { ...defaultAbuseLimits, signUpPerAddress: { limit: 100_000, windowMs: 60_000 } };
const JWT_SECRET = "web-e2e-test-secret-0123456789-abcdefghijklmn";
/** The scripted models priced as gpt-4o (chat) and gpt-4o-mini (titles); summaries left unpriced. */
export const E2E_PRICES = priceTable({
  [MODELS.chat]: { inputPerMillion: 2.5, outputPerMillion: 10 },
  [MODELS.title]: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
});

/**
 * The real server on port 0, serving the built web app, over a fresh PostgreSQL database, with
 * the real OpenAI provider pointed at the scripted OpenAI endpoint and the engine's own run toolbox.
 */
export async function startAppServer(options: { offline?: boolean; limits?: SendLimits } = {}) {
  const openai = await startScriptedOpenAI();
  const assistant = createAssistant();
  openai.setResponder(assistant.responder);
  const database = await createTestDatabase();
  const tokens = createTokenService({ secret: JWT_SECRET });
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: options.offline
      ? createOfflineProvider({ tokenDelayMs: 0 })
      : createOpenAIProvider({ apiKey: "e2e", baseURL: openai.url, maxRetries: 0 }),
    models: MODELS,
    prices: E2E_PRICES,
    flushIntervalMs: 100,
    ...(options.limits && { limits: options.limits }),
  });
  const services = { prisma: database.prisma, sql: database.sql, tokens, chat, abuseLimits: manySignUps };
  let app = createParleyServer({ database, services, webDist: inject("webDist") });
  const url = await app.listen(0, "127.0.0.1");

  return {
    url,
    prisma: database.prisma,
    openai,
    assistant,
    /** The HTTP and WebSocket server goes away for `downMs` and comes back on the same port (replies go on). */
    async restart(downMs: number) {
      await app.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      app = createParleyServer({ database, services, webDist: inject("webDist") });
      await app.listen(Number(new URL(url).port), "127.0.0.1");
    },
    async stop() {
      await chat.shutdown(0);
      await app.close();
      await bus.close();
      await openai.close();
      await database.drop();
    },
  };
}

export type AppServer = Awaited<ReturnType<typeof startAppServer>>;
