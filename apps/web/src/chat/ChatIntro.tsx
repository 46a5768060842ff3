import type { ConversationContext } from "../api/types";
import { ChartIcon, ChatIcon, CubeIcon } from "../ui/icons";

const intros: Record<ConversationContext["kind"], { title: string; text: string; icon: typeof ChatIcon }> = {
  general: {
    title: "How can I help?",
    text: "Ask about the platform, trading ideas, or how to set up a model. Your conversation is saved once you send the first message.",
    icon: ChatIcon,
  },
  model: {
    title: "Talk about this model",
    text: "The assistant knows this model's full configuration: its style, instrument, margin, permissions and rules.",
    icon: CubeIcon,
  },
  run: {
    title: "Analyse this run",
    text: "The assistant can look up this run's trades, positions and P&L to answer your questions.",
    icon: ChartIcon,
  },
};

export function ConversationIntro({ context }: { context: ConversationContext }) {
  const intro = intros[context.kind];
  const Icon = intro.icon;
  return (
    <div className="chat-intro" data-testid="chat-intro">
      <div className="empty-icon">
        <Icon />
      </div>
      <h2>{intro.title}</h2>
      <p>{intro.text}</p>
    </div>
  );
}

export function ChatSkeleton() {
  return (
    <div className="message-scroller" aria-busy="true" aria-label="Loading messages">
      <div className="message-column chat-skeleton">
        <div className="skeleton" style={{ width: "42%", height: 40, marginLeft: "auto" }} />
        <div className="skeleton" style={{ width: "88%", height: 16 }} />
        <div className="skeleton" style={{ width: "76%", height: 16 }} />
        <div className="skeleton" style={{ width: "64%", height: 16 }} />
        <div className="skeleton" style={{ width: "36%", height: 40, marginLeft: "auto", marginTop: 20 }} />
        <div className="skeleton" style={{ width: "82%", height: 16 }} />
        <div className="skeleton" style={{ width: "58%", height: 16 }} />
      </div>
    </div>
  );
}
