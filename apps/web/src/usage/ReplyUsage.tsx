import type { ChatMessage } from "../chat/chat-message";
import { formatTokens, formatUsd } from "./format-usage";

/** A reply's tokens and cost in its footer; the split between prompt and completion on hover. */
export function ReplyUsage({ usage }: { usage: ChatMessage["usage"] }) {
  if (!usage) return null;
  const total = usage.promptTokens + usage.completionTokens;
  const detail = `${formatTokens(usage.promptTokens)} prompt + ${formatTokens(usage.completionTokens)} completion tokens`;
  return (
    <span className="message-meta reply-usage" data-testid="reply-usage" title={detail}>
      {formatTokens(total)} tokens · {formatUsd(usage.costUsd)}
    </span>
  );
}
