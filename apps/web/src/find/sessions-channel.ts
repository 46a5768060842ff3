import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "../api/trpc";

// Every tab of the app hears of a delete, bulk action or undo made in another, so a deleted
// conversation leaves every list at once rather than at the next refetch.
const CHANNEL = "parley-sessions";

export function announceSessionsChanged(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage("changed");
  channel.close();
}

/** Mounted once in the shell: refreshes every conversation query when another tab changed them. */
export function useSessionsChannel(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => void queryClient.invalidateQueries(trpc.sessions.pathFilter());
    return () => channel.close();
  }, [trpc, queryClient]);
}
