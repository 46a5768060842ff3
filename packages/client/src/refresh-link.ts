import type { AppRouter } from "./types.js";
import type { TRPCLink } from "@trpc/client";
import { observable, type Unsubscribable } from "@trpc/server/observable";

/**
 * An UNAUTHORIZED answer to a query or mutation refreshes the access token and retries the
 * operation once; subscriptions restart on their own after the socket reconnects.
 */
export function refreshOnUnauthorizedLink(refresh: () => Promise<boolean>): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | undefined;
        let retried = false;
        const attempt = () => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (retried || op.type === "subscription" || error.data?.code !== "UNAUTHORIZED") {
                observer.error(error);
                return;
              }
              retried = true;
              refresh().then(
                (ok) => (ok ? attempt() : observer.error(error)),
                () => observer.error(error),
              );
            },
          });
        };
        attempt();
        return () => current?.unsubscribe();
      });
}
