import { createContext, useContext } from "react";

/** A request to open the trades table at a trade: a new object per click, so asking again scrolls again. */
export interface TradeFocus {
  id: number;
}

/**
 * Opens the run's trades table (in the run details panel) at a trade. Provided by a run
 * conversation's screen; null elsewhere, where a trade reference stays plain text.
 */
export const ShowTradeContext = createContext<((tradeId: number) => void) | null>(null);

export const useShowTrade = () => useContext(ShowTradeContext);
