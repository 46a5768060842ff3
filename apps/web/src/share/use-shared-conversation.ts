import { createApiClient, errorInfo } from "@parley/client";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "../api/types";

export type SharedConversation = RouterOutputs["shares"]["view"];

export type SharedState =
  | { status: "loading" }
  | { status: "shown"; conversation: SharedConversation }
  | { status: "gone" }
  | { status: "failed"; message: string };

/**
 * Reads a shared conversation without an account: a client with no token, used for this one
 * query (no WebSocket is opened: it is needed only for subscriptions).
 */
export function useSharedConversation(token: string): SharedState {
  const [state, setState] = useState<SharedState>({ status: "loading" });
  useEffect(() => {
    const client = createApiClient({ url: location.origin, getToken: () => null });
    let current = true;
    client.api.shares.view.query({ token }).then(
      (conversation) => current && setState({ status: "shown", conversation }),
      (error: unknown) => {
        if (!current) return;
        const info = errorInfo(error);
        setState(
          info.code === "NOT_FOUND" || info.code === "BAD_REQUEST" ? { status: "gone" } : { status: "failed", message: info.message },
        );
      },
    );
    return () => {
      current = false;
      void client.close();
    };
  }, [token]);
  return state;
}
