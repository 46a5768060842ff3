import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ConversationContext, Model } from "../api/types";
import { useTRPC } from "../api/trpc";
import { RunFiguresStrip } from "../runs/RunFiguresStrip";
import { useShell } from "../shell/shell-context";
import { ShareDialog } from "../share/ShareDialog";
import { useConversationDownload } from "../transfer/use-markdown-export";
import { InfoIcon, MenuIcon, ShareIcon } from "../ui/icons";
import { ConversationUsage } from "../usage/ConversationUsage";

interface ChatHeaderProps {
  context: ConversationContext;
  title: string;
  /** The stored conversation, once it exists: it can then be shared. */
  sessionId: number | null;
  model: Model | undefined;
  detailsOpen: boolean;
  onToggleDetails: (() => void) | undefined;
}

function contextLabel(context: ConversationContext, model: Model | undefined): string {
  if (context.kind === "general") return "General";
  const name = model?.name ?? "Model";
  return context.kind === "model" ? name : `${name} · Run #${context.runId}`;
}

export function ChatHeader(props: ChatHeaderProps) {
  const trpc = useTRPC();
  const { openDrawer } = useShell();
  const status = useQuery(trpc.chat.status.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const [sharing, setSharing] = useState(false);
  const downloads = useConversationDownload();

  return (
    <header className="chat-header">
      <button type="button" className="icon-btn mobile-only" onClick={openDrawer} aria-label="Open navigation">
        <MenuIcon />
      </button>
      <div className="chat-heading">
        <span className="chat-context">{contextLabel(props.context, props.model)}</span>
        <h1 className="chat-title" data-testid="chat-title">
          {props.title || <span className="skeleton title-skeleton" aria-label="Loading title" />}
        </h1>
        {props.context.kind === "run" && <RunFiguresStrip runId={props.context.runId} />}
      </div>
      <div className="chat-header-actions">
        <ConversationUsage sessionId={props.sessionId} />
        {status.data?.offline && (
          <span
            className="badge badge-warning"
            title={`Replies come from a built-in offline assistant (${status.data.provider})`}
            data-testid="offline-label"
          >
            Offline assistant
          </span>
        )}
        {props.sessionId !== null && (
          <button type="button" className="btn btn-sm" onClick={() => setSharing(true)} aria-label="Share conversation">
            <ShareIcon />
            <span aria-hidden="true">Share</span>
          </button>
        )}
        {props.sessionId !== null && (
          <button
            type="button"
            className="btn btn-sm"
            disabled={downloads.busy}
            onClick={() => props.sessionId !== null && void downloads.markdownOf(props.sessionId, props.title)}
            aria-label="Export as Markdown"
            title={downloads.error ?? "Download this conversation's shown branch as Markdown"}
          >
            <span aria-hidden="true">Export .md</span>
          </button>
        )}
        {props.onToggleDetails && (
          <button
            type="button"
            className={props.detailsOpen ? "btn btn-sm details-toggle is-on" : "btn btn-sm details-toggle"}
            onClick={props.onToggleDetails}
            aria-expanded={props.detailsOpen}
            aria-label={props.context.kind === "run" ? "Run details" : "Model details"}
            aria-controls="details-panel"
          >
            <InfoIcon />
            <span aria-hidden="true">{props.context.kind === "run" ? "Run details" : "Model details"}</span>
          </button>
        )}
      </div>
      {props.sessionId !== null && (
        <ShareDialog
          conversationId={props.sessionId}
          aboutModel={props.context.kind !== "general"}
          open={sharing}
          onClose={() => setSharing(false)}
        />
      )}
    </header>
  );
}
