import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import { UndoContext, type UndoOffer } from "./undo-context";

/** The server's window (sessions.delete / bulk answer undoUntil); the toast never outlasts it. */
const MAX_UNDO_MS = 10_000;
/** The toast goes this much before the window ends, so an Undo clicked at its end still lands. */
const MARGIN_MS = 500;

/**
 * How long an offer may stay up: until the server's deadline, read against this device's clock
 * and capped at the window (a device clock ahead or behind the server's must neither hide the
 * toast at once nor keep it after the server refuses).
 */
function offerLifetime(offer: UndoOffer, shownAt: number): number {
  const byDeadline = Date.parse(offer.until) - shownAt;
  const lifetime = Number.isFinite(byDeadline) && byDeadline > 0 ? Math.min(byDeadline, MAX_UNDO_MS) : MAX_UNDO_MS;
  return Math.max(lifetime - MARGIN_MS, 1_000);
}

/** Holds the one Undo offer on screen (a newer action replaces it) and shows it as a toast with its seconds left. */
export function UndoProvider({ children }: { children: ReactNode }) {
  const [offer, setOffer] = useState<(UndoOffer & { endsAt: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undo = useMutation(trpc.sessions.undo.mutationOptions());

  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(() => setOffer(null), Math.max(offer.endsAt - Date.now(), 0));
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [offer]);

  const show = useCallback((next: UndoOffer) => {
    const shownAt = Date.now();
    setError(null);
    setNow(shownAt);
    setOffer({ ...next, endsAt: shownAt + offerLifetime(next, shownAt) });
  }, []);
  const secondsLeft = offer ? Math.max(Math.ceil((offer.endsAt - now) / 1_000), 1) : 0;

  async function runUndo() {
    if (!offer) return;
    try {
      await undo.mutateAsync({ undoId: offer.undoId });
      setOffer(null);
    } catch (caught) {
      setError(errorInfo(caught).message);
    }
    await queryClient.invalidateQueries(trpc.sessions.pathFilter());
  }

  return (
    <UndoContext.Provider value={show}>
      {children}
      {(offer || error) && (
        <div className="undo-toast" role="status" data-testid="undo-toast">
          <span>{error ?? offer?.label}</span>
          {offer && !error && (
            <button type="button" className="btn btn-sm" onClick={() => void runUndo()} disabled={undo.isPending}>
              Undo
              {/* Out of the accessible name and of the live region: a number read out every second is noise. */}
              <span className="undo-seconds" aria-hidden="true" data-testid="undo-seconds">
                {" "}
                ({secondsLeft} s)
              </span>
            </button>
          )}
          {error && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setError(null)}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </UndoContext.Provider>
  );
}
