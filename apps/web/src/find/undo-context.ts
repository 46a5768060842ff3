import { createContext, useContext } from "react";

export interface UndoOffer {
  /** What was done, e.g. "Deleted “Plan”" or "Archived 3 conversations". */
  label: string;
  undoId: string;
}

export const UndoContext = createContext<(offer: UndoOffer) => void>(() => undefined);

/** Offers Undo for 10 s after a delete or bulk action (UndoToast shows it). */
export const useOfferUndo = () => useContext(UndoContext);
