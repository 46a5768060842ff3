export { createApiClient, createParleyClient, type ChatHelpers, type ParleyClient, type ParleyClientOptions } from "./create-client.js";
export { apiUrl, createLinks, type LinkOptions, type ParleyLinks, type TokenSource, type WebSocketImplementation } from "./links.js";
export type { ReplyStream, SendAndStreamOptions } from "./send-and-stream.js";
export { appErrorCode, errorInfo, type ApiErrorInfo } from "./errors.js";
export { retryWhileBusy } from "./retry-busy.js";
export { TRPCClientError, isTRPCClientError } from "@trpc/client";
export type {
  AccountEvent,
  AppErrorCode,
  AppRouter,
  ChatEvent,
  DoneEvent,
  Message,
  ReplyEvent,
  RouterInputs,
  RouterOutputs,
  SendInput,
  SendOutput,
} from "./types.js";
export { exportLines, type ExportOptions } from "./transfer/export-lines.js";
export { importFile } from "./transfer/import-file.js";
export type { ImportOptions } from "./transfer/importer.js";
export { chatGptKey } from "./transfer/chatgpt/import-chatgpt.js";
export { ElementBounds, type ElementLimits } from "./transfer/chatgpt/element-bounds.js";
export { convertChatGptConversation, type ConvertedConversation } from "./transfer/chatgpt/chatgpt-conversation.js";
export { exportMarkdown, markdownFileName, type MarkdownExportOptions } from "./transfer/markdown/export-markdown.js";
export { renderConversationMarkdown, shownBranch, type MarkdownOptions } from "./transfer/markdown/render-markdown.js";
export type { ConversationRecord, ExportRecord, MessageRecord } from "./transfer/records.js";
export { ImportFileError, type ConversationOutcome, type FileProblem, type ImportReport } from "./transfer/import-report.js";
export type { ExportContext, TransferApi } from "./transfer/transfer-api.js";
