import { createApiClient, errorInfo } from "@parley/client";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "../api/types";
import type { SessionManager } from "../auth/session-manager";

export type SharedConversation = RouterOutputs["shares"]["view"];

export type SharedState =
  | { status: "loading" }
  | { status: "shown"; conversation: SharedConversation }
  | { status: "gone" }
  /** The owner kept the link to signed-in users, and this reader is signed out. */
  | { status: "sign-in-needed"; message: string }
  | { status: "failed"; message: string };

/**
 * Reads a shared conversation: a client for this one query (no WebSocket is opened: it is needed
 * only for subscriptions), sending the reader's access token when they are signed in, since a
 * link may be kept to signed-in users. Asked again when the reader signs in or out.
 */
export function useSharedConversation(token: string, manager: SessionManager, readerId: string | null): SharedState {
  const [state, setState] = useState<SharedState>({ status: "loading" });
  useEffect(() => {
    const client = createApiClient({ url: location.origin, getToken: () => (readerId ? manager.validAccessToken() : null) });
    let current = true;
    client.api.shares.view.query({ token }).then(
      (conversation) => current && setState({ status: "shown", conversation }),
      (error: unknown) => {
        if (!current) return;
        const info = errorInfo(error);
        if (info.code === "NOT_FOUND" || info.code === "BAD_REQUEST") setState({ status: "gone" });
        else if (info.code === "UNAUTHORIZED") setState({ status: "sign-in-needed", message: info.message });
        else setState({ status: "failed", message: info.message });
      },
    );
    return () => {
      current = false;
      void client.close();
    };
  }, [token, manager, readerId]);
  return state;
}
