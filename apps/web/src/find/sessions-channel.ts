import { useEffect } from "react";
import { trpc } from "../api/trpc";

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
  const utils = trpc.useUtils();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => void utils.sessions.invalidate();
    return () => channel.close();
  }, [utils]);
}
