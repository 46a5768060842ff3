import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import { formatTokens, formatUsd } from "./format-usage";

/** What the signed-in user's conversations have cost in all, under their name. */
export function AccountUsage() {
  const trpc = useTRPC();
  const usage = useQuery(trpc.usage.mine.queryOptions({ top: 1 }, { staleTime: 30_000 }));
  const total = usage.data?.total;
  if (!total || total.count === 0) return null;
  return (
    <span className="account-email" data-testid="account-usage" title={`${formatTokens(total.totalTokens)} tokens in all`}>
      Used {formatUsd(total.costUsd, total.unpriced)}
    </span>
  );
}
