export { startScriptedOpenAI, type ScriptedOpenAI } from "./server.js";
export { DEFAULT_MODELS, type ScriptedOpenAIOptions } from "./server-state.js";
export type {
  DisconnectReply,
  ErrorReply,
  FinishReason,
  HangReply,
  PacedTokensReply,
  Reply,
  ScriptedToolCall,
  StreamErrorReply,
  StreamPacing,
  TextContent,
  TextReply,
  TokensReply,
  ToolCallsReply,
  UsageOverride,
} from "./reply.js";
export {
  messageText,
  type ChatMessage,
  type ChatRequest,
  type ChatRequestBody,
  type ContentPart,
  type RecordedRequest,
  type Responder,
} from "./recorded-request.js";
export { echoLastUserMessage, lastUserMessage, respondFromMessages, type TextOptions } from "./responders.js";
export type { Usage } from "./wire.js";
