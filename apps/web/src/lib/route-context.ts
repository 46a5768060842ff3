import { matchPath } from "react-router";
import type { ConversationContext } from "../api/types";

export interface RouteContext {
  context: ConversationContext;
  /** False on pages that are not a conversation (the models pages). */
  isChat: boolean;
  /** The open conversation, when the URL names one. */
  sessionId: number | null;
}

export function parseId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}

/** Which context (and conversation) a URL is about; the sidebar lists that context's conversations. */
export function routeContextOf(pathname: string, search: string): RouteContext {
  const run = matchPath("/m/:modelId/runs/:runId/*", pathname);
  const runModelId = parseId(run?.params.modelId);
  const runId = parseId(run?.params.runId);
  if (runModelId && runId) {
    return { context: { kind: "run", modelId: runModelId, runId }, isChat: true, sessionId: parseId(new URLSearchParams(search).get("c")) };
  }
  const model = matchPath("/m/:modelId/*", pathname);
  const modelId = parseId(model?.params.modelId);
  if (modelId) {
    const conversation = matchPath("/m/:modelId/c/:conversationId", pathname);
    return { context: { kind: "model", modelId }, isChat: true, sessionId: parseId(conversation?.params.conversationId) };
  }
  const general = matchPath("/c/:conversationId", pathname);
  const isChat = pathname === "/" || pathname.startsWith("/c/");
  return { context: { kind: "general" }, isChat, sessionId: parseId(general?.params.conversationId) };
}
