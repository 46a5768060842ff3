import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import { formatTokens, formatUsd } from "./format-usage";

/**
 * The conversation's tokens and cost so far (replies, its title and summaries), in the header.
 * Refetched when a reply ends or a title or summary is written (use-conversation-sync.ts).
 */
export function ConversationUsage({ sessionId }: { sessionId: number | null }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.usage.conversation.queryOptions(sessionId === null ? skipToken : { sessionId }));
  const data = usage.data;
  if (!data || data.total.count === 0) return null;
  const { replies, titles, summaries, total } = data;
  const part = (name: string, figures: typeof total) =>
    `${name}: ${formatTokens(figures.totalTokens)} tokens, ${formatUsd(figures.costUsd, figures.unpriced)}`;
  const detail = [part("Replies", replies), part("Title", titles), part("Summaries", summaries)].join("\n");
  return (
    <span className="badge conversation-usage" data-testid="conversation-usage" title={detail}>
      {formatTokens(total.totalTokens)} tokens · {formatUsd(total.costUsd, total.unpriced)}
    </span>
  );
}
