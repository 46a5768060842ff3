import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import { UndoContext, type UndoOffer } from "./undo-context";

/** The server keeps an action undoable this long; the toast goes a little earlier. */
const UNDO_MS = 10_000;

/** Holds the one Undo offer on screen (a newer action replaces it) and shows it as a toast. */
export function UndoProvider({ children }: { children: ReactNode }) {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undo = useMutation(trpc.sessions.undo.mutationOptions());

  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(() => setOffer(null), UNDO_MS - 500);
    return () => clearTimeout(timer);
  }, [offer]);

  const show = useCallback((next: UndoOffer) => {
    setError(null);
    setOffer(next);
  }, []);

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
