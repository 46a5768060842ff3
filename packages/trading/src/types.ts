export type AssetType = "stock" | "option" | "future" | "crypto" | "forex";
export type Side = "buy" | "sell";
export type OrderType = "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";

/**
 * One execution (a row of `trades`). `quantity` is unsigned and `side` gives the direction.
 * Prices are per unit of quantity: notional is quantity × price, with no contract multiplier,
 * so an option or future fill must already be expressed in those units.
 */
export interface Fill {
  id: number;
  symbol: string;
  assetType: AssetType;
  side: Side;
  quantity: number;
  price: number;
  fees: number;
  orderType: OrderType;
  executedAt: Date;
  /** Ignored on input: replaying the fills recomputes it. */
  realizedPnl?: number;
}

export interface PriceMark {
  symbol: string;
  at: Date;
  price: number;
}

/** Signed quantity (positive long, negative short) at its average entry price; flat is 0 at 0. */
export interface Position {
  quantity: number;
  averagePrice: number;
}
