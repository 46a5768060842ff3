import { useEffect, useRef } from "react";
import type { ConversationContext } from "../api/types";
import { MOBILE_QUERY, useMediaQuery } from "../lib/use-media-query";
import type { TradeFocus } from "../insight/trade-focus";
import { CloseIcon } from "../ui/icons";
import { ModelHistory } from "./ModelHistory";
import { ModelSummary } from "./ModelSummary";
import { RunInsight } from "./RunInsight";
import { RunSummary } from "./RunSummary";
import { RunsList } from "./RunsList";

type DetailsContext = Exclude<ConversationContext, { kind: "general" }>;

interface DetailsPanelProps {
  context: DetailsContext;
  onClose: () => void;
  /** A run's trade to open the trades table at (a compliance finding's link). */
  tradeFocus?: TradeFocus | null;
}

/** A side panel on wide screens, a bottom sheet on phones. */
export function DetailsPanel({ context, onClose, tradeFocus = null }: DetailsPanelProps) {
  const mobile = useMediaQuery(MOBILE_QUERY);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (mobile) closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && mobile && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [mobile, onClose]);

  const panel = (
    <aside
      id="details-panel"
      className={mobile ? "details-panel bottom-sheet" : "details-panel"}
      aria-label={context.kind === "run" ? "Run details" : "Model details"}
      role={mobile ? "dialog" : undefined}
      aria-modal={mobile ? true : undefined}
      data-testid="details-panel"
    >
      <div className="details-head">
        {mobile && <span className="sheet-handle" aria-hidden="true" />}
        <h2>{context.kind === "run" ? "Run details" : "Model details"}</h2>
        <button ref={closeButton} type="button" className="icon-btn" onClick={onClose} aria-label="Close details">
          <CloseIcon />
        </button>
      </div>
      <div className="details-scroll">
        {context.kind === "run" && <RunSummary modelId={context.modelId} runId={context.runId} />}
        {context.kind === "run" && <RunInsight runId={context.runId} focus={tradeFocus} />}
        <ModelSummary modelId={context.modelId} />
        <ModelHistory modelId={context.modelId} />
        <RunsList modelId={context.modelId} currentRunId={context.kind === "run" ? context.runId : null} />
      </div>
    </aside>
  );
  if (!mobile) return panel;
  return (
    <>
      <div className="sheet-backdrop" onClick={onClose} aria-hidden="true" />
      {panel}
    </>
  );
}
