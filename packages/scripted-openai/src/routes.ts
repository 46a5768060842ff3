import type { ServerResponse } from "node:http";
import { answerChat } from "./answer-chat.js";
import { sendError, sendSetupError } from "./errors.js";
import { sendJson } from "./http-io.js";
import { isChatRequestBody, type ChatRequest, type RecordedRequest } from "./recorded-request.js";
import type { ReplyContext } from "./reply-context.js";
import type { ErrorReply, Reply } from "./reply.js";
import { DEFAULT_MODELS, type ServerState } from "./server-state.js";
import { modelList, modelObject, newIdentity } from "./wire.js";

/** What routing needs beyond the request: where to write and how the reply may end. */
export interface Exchange {
  res: ServerResponse;
  signal: AbortSignal;
  state: ServerState;
  disconnect(): void;
}

function badRequest(message: string, code: string | null = null): ErrorReply {
  return { kind: "error", status: 400, message, type: "invalid_request_error", code };
}

function chatBodyProblem(body: unknown): ErrorReply {
  if (typeof body !== "object" || body === null) {
    return badRequest("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
  }
  if (!("model" in body) || typeof body.model !== "string") return badRequest("you must provide a model parameter");
  return badRequest("Missing required parameter: 'messages'.", "missing_required_parameter");
}

function isAuthorized(request: RecordedRequest, apiKey: string | undefined): boolean {
  return apiKey === undefined || request.headers.authorization === `Bearer ${apiKey}`;
}

async function nextReply(state: ServerState, request: ChatRequest): Promise<Reply | undefined> {
  return state.queue.shift() ?? (await state.respond?.(request));
}

function isChatRequest(request: RecordedRequest): request is ChatRequest {
  return isChatRequestBody(request.body);
}

async function chat(request: RecordedRequest, exchange: Exchange): Promise<void> {
  const { res, state } = exchange;
  if (!isChatRequest(request)) return sendError(res, chatBodyProblem(request.body));
  const reply = await nextReply(state, request);
  if (reply === undefined) {
    return sendSetupError(res, `no reply queued and no responder set (request #${request.index})`);
  }
  const context: ReplyContext = {
    res,
    signal: exchange.signal,
    identity: newIdentity(request.body.model, request.body.stream_options?.include_usage === true),
    disconnect: exchange.disconnect,
    markFirstChunk() {
      if (request.firstChunkAt !== undefined) return;
      request.firstChunkAt = process.hrtime.bigint();
      state.options.onFirstChunk?.(request, request.firstChunkAt);
    },
  };
  await answerChat(reply, request, context);
}

function models(request: RecordedRequest, exchange: Exchange): void {
  const ids = exchange.state.options.models ?? DEFAULT_MODELS;
  if (request.path === "/v1/models") return sendJson(exchange.res, 200, modelList(ids));
  const id = decodeURIComponent(request.path.slice("/v1/models/".length));
  if (ids.includes(id)) return sendJson(exchange.res, 200, modelObject(id));
  sendError(exchange.res, { kind: "error", status: 404, message: `The model '${id}' does not exist` });
}

export async function route(request: RecordedRequest, exchange: Exchange): Promise<void> {
  const { method, path } = request;
  if (!isAuthorized(request, exchange.state.options.apiKey)) {
    return sendError(exchange.res, { kind: "error", status: 401 });
  }
  if (method === "POST" && path === "/v1/chat/completions") return chat(request, exchange);
  if (method === "GET" && (path === "/v1/models" || path.startsWith("/v1/models/"))) return models(request, exchange);
  sendError(exchange.res, { kind: "error", status: 404, message: `Invalid URL (${method} ${path})`, code: null });
}
