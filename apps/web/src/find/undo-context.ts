import { createContext, useContext } from "react";

export interface UndoOffer {
  /** What was done, e.g. "Deleted “Plan”" or "Archived 3 conversations". */
  label: string;
  undoId: string;
  /** When the server stops accepting the undo (ISO time, `undoUntil` of the action). */
  until: string;
}

export const UndoContext = createContext<(offer: UndoOffer) => void>(() => undefined);

/** Offers Undo after a delete or bulk action until the server's window ends (UndoToast shows it). */
export const useOfferUndo = () => useContext(UndoContext);
