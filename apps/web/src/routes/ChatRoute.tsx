import { useParams, useSearchParams } from "react-router";
import type { ConversationContext } from "../api/types";
import { ChatScreen } from "../chat/ChatScreen";
import { parseId } from "../lib/route-context";
import { NotFound } from "../ui/NotFound";
import { ActiveConversation } from "./ActiveConversation";

type ChatRouteKind = "general-new" | "general" | "model-new" | "model" | "run";

/** Every chat URL renders this one component, so moving from /new to /c/:id keeps the page. */
export function ChatRoute({ kind }: { kind: ChatRouteKind }) {
  const params = useParams();
  const [search] = useSearchParams();
  const modelId = parseId(params.modelId);
  const runId = parseId(params.runId);
  const conversationId = parseId(params.conversationId);

  if (kind === "general-new") return <ChatScreen context={{ kind: "general" }} sessionId={null} />;
  if (kind === "general") {
    return conversationId ? <ChatScreen context={{ kind: "general" }} sessionId={conversationId} /> : <NotFound what="conversation" />;
  }
  if (!modelId) return <NotFound what="model" />;
  if (kind === "model-new") return <ChatScreen context={{ kind: "model", modelId }} sessionId={null} />;
  if (kind === "model") {
    return conversationId ? (
      <ChatScreen context={{ kind: "model", modelId }} sessionId={conversationId} />
    ) : (
      <NotFound what="conversation" />
    );
  }
  if (!runId) return <NotFound what="run" />;
  const context: ConversationContext = { kind: "run", modelId, runId };
  const chosen = search.get("c");
  if (chosen !== null) {
    const id = parseId(chosen);
    return id ? <ChatScreen context={context} sessionId={id} /> : <NotFound what="conversation" />;
  }
  if (search.has("new")) return <ChatScreen context={context} sessionId={null} />;
  return <ActiveConversation context={context} />;
}
