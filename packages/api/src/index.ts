export { appRouter, createCaller, type AppRouter } from "./root.js";
export { createContext, type ApiServices, type Context } from "./context.js";
export { createTokenService, type TokenService } from "./auth/tokens.js";
export { AppError, appErrorCodes, type AppErrorCode } from "./errors.js";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export type { SessionOutput, MessageOutput, ConversationContext } from "./sessions/schemas.js";
export type { ModelOutput } from "./models/schemas.js";
export type { RunOutput } from "./runs/queries.js";
