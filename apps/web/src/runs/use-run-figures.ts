import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "../api/trpc";

/**
 * A run's headline figures, live: `runs.watch` pushes them now and within a second of every
 * batch of fills or marks (on any instance). Each push is the whole state, so a reconnect
 * needs no event id; tRPC's client resubscribes on its own after the socket comes back.
 */
export function useRunFigures(runId: number | null) {
  const trpc = useTRPC();
  const subscription = useSubscription(trpc.runs.watch.subscriptionOptions(runId === null ? skipToken : { runId }));
  return subscription.data;
}

export type RunFigures = NonNullable<ReturnType<typeof useRunFigures>>;
