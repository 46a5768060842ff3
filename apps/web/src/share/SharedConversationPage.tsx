import { useEffect } from "react";
import { AuthPage } from "../auth/AuthPage";
import { useSessionManager, useSessionState } from "../auth/session-context";
import { formatDate } from "../lib/format";
import type { ToolUse } from "../chat/chat-message";
import { Markdown } from "../markdown/Markdown";
import { EmptyState } from "../ui/EmptyState";
import { ToolCalls } from "../insight/ToolCalls";
import { AlertIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { useSharedConversation, type SharedConversation } from "./use-shared-conversation";
import "../styles/details.css";
import "../styles/share.css";

/** Tells search engines to leave the page out (the server also sends X-Robots-Tag). */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement("meta");
    meta.name = "robots";
    meta.content = "noindex, nofollow";
    document.head.append(meta);
    return () => meta.remove();
  }, []);
}

type SharedTool = SharedConversation["messages"][number]["toolsUsed"][number];

/** A frozen tool call drawn as the reply drew it: its result's table, card or chart. */
const asToolUse = (tool: SharedTool): ToolUse => ({
  name: tool.name,
  callId: null,
  state: tool.ok === false ? "failed" : "done",
  result: tool.result,
  at: typeof tool.at === "string" ? tool.at : null,
});

function SharedMessage({ message }: { message: SharedConversation["messages"][number] }) {
  if (message.role === "user") {
    return (
      <li className="message message-user" data-testid="shared-message">
        <div className="bubble">{message.content}</div>
      </li>
    );
  }
  return (
    <li className="message message-assistant" data-testid="shared-message">
      <ToolCalls tools={message.toolsUsed.map(asToolUse)} />
      <Markdown text={message.content} />
      {message.status !== "complete" && <p className="muted">({message.status})</p>}
    </li>
  );
}

/** The model's configuration as it was when shared, shown only when the owner chose to. */
function SharedModelSettings({ settings }: { settings: NonNullable<SharedConversation["modelSettings"]> }) {
  return (
    <section className="shared-settings" aria-label="Model settings" data-testid="shared-model-settings">
      <h2>Model settings · version {settings.version}</h2>
      <dl className="kv">
        {settings.fields.map((field) => (
          <div key={field.label} className="kv-row">
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** `/s/:token`: a conversation someone shared, read-only, as it was when they shared it. */
export default function SharedConversationPage({ token }: { token: string }) {
  useNoIndex();
  const manager = useSessionManager();
  const { checking, session } = useSessionState();
  const fetched = useSharedConversation(token, manager, session?.user.id ?? null);
  // While the page still asks whether its cookie signs it in, a "sign in" answer may be premature.
  const state = fetched.status === "sign-in-needed" && checking ? ({ status: "loading" } as const) : fetched;
  useEffect(() => {
    document.title = state.status === "shown" ? `${state.conversation.title} · Parley` : "Shared conversation · Parley";
  }, [state]);

  return (
    <div className="shared-page">
      <header className="shared-header">
        <a href="/" className="shared-brand" aria-label="Parley">
          <Logo />
        </a>
        <span className="badge">Read-only</span>
      </header>
      {state.status === "loading" && <p className="muted shared-center">Loading…</p>}
      {state.status === "gone" && (
        <div className="shared-center" data-testid="share-gone">
          <EmptyState icon={<AlertIcon />} title="This link doesn't work">
            It may have been revoked by the person who shared it, or it has expired, or it was mistyped.
          </EmptyState>
        </div>
      )}
      {state.status === "sign-in-needed" && (
        <div className="shared-sign-in" data-testid="share-sign-in">
          <p className="shared-center" role="status">
            {state.message}.
          </p>
          <AuthPage />
        </div>
      )}
      {state.status === "failed" && (
        <p className="shared-center field-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "shown" && (
        <main className="shared-main">
          <h1 data-testid="shared-title">{state.conversation.title}</h1>
          <p className="muted">
            Shared {formatDate(state.conversation.sharedAt)}
            {state.conversation.expiresAt && `, until ${formatDate(state.conversation.expiresAt)}`}. Later messages are not shown.
          </p>
          {state.conversation.modelSettings && <SharedModelSettings settings={state.conversation.modelSettings} />}
          <ol className="message-list shared-messages">
            {state.conversation.messages.map((message, index) => (
              <SharedMessage key={index} message={message} />
            ))}
          </ol>
        </main>
      )}
    </div>
  );
}
