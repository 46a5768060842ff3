export { appRouter, createCaller, type AppRouter } from "./root.js";
export { createContext, type ApiServices, type Context } from "./context.js";
export { createTokenService, type TokenService } from "./auth/tokens.js";
export { AppError, appErrorCodes, type AppErrorCode } from "./errors.js";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export type { SessionOutput, MessageOutput, ConversationContext } from "./sessions/schemas.js";
export type { ModelOutput } from "./models/schemas.js";
export type { ShareOutput, SharedConversation } from "./shares/schemas.js";
export { isLiveShare } from "./shares/view-share.js";
export type { RunOutput } from "./runs/queries.js";
export { createChatEngine, type ChatEngine, type ChatEngineOptions } from "./chat/engine/chat-engine.js";
export type { ReplyObserver } from "./chat/engine/reply-observer.js";
export type { ProviderDeadlines } from "./chat/engine/provider-watch.js";
export { runToolbox, runTools } from "./chat/tools/run-toolbox.js";
export { boundModelToolbox } from "./chat/tools/across-runs/model-toolbox.js";
export type { Toolbox, ToolboxFactory } from "./chat/engine/toolbox.js";
export { createMemoryEventBus } from "./chat/bus/memory-event-bus.js";
export type { EventBus } from "./chat/bus/event-bus.js";
export type { ChatEvent, StreamedEvent } from "./chat/events.js";
export { accountEvent, type AccountEvent } from "./sync/account-events.js";
export { createOpenAIProvider, type OpenAIProviderOptions } from "./chat/providers/openai-provider.js";
export { createOfflineProvider } from "./chat/providers/offline-provider.js";
export type { ChatProvider, Completion } from "./chat/providers/provider.js";
export { defaultPrices, parsePriceOverrides, priceTable, type ModelPrice, type PriceTable } from "./usage/prices.js";
export { createJobRunner, type JobRunner } from "./chat/jobs/job-runner.js";
export { createLocalCoordination } from "./coordination/local-coordination.js";
export { createRedisCoordination } from "./coordination/redis-coordination.js";
export type { Coordination } from "./coordination/coordination.js";
export { createRedisEventBus, type BusObserver } from "./chat/bus/redis-event-bus.js";
export type { SendLimits } from "./chat/send-policy.js";
export { silentLogger, type Logger } from "./logger.js";
export {
  CLIENT_BATCH_ITEMS,
  defaultAbuseLimits,
  defaultAllowedAiModels,
  defaultTransportLimits,
  type AbuseLimits,
  type RateWindow,
  type TransportLimits,
} from "./limits.js";
