export type { AssetType, Fill, OrderType, Position, PriceMark, Side } from "./types.js";
export { isSameMoney, MONEY_EPSILON, QUANTITY_EPSILON } from "./precision.js";
export { applyFill, FLAT, signedQuantity, type FillEffect } from "./position.js";
export { openLedger, postFill, sortFills, type Ledger } from "./ledger.js";
export { replayFills, type Replay, type ReplayedFill } from "./replay.js";
export { createPriceLookup, type PriceLookup, type PriceSource, type QuotedPrice } from "./prices.js";
export { positionsAt, valuePositions, type OpenPosition } from "./positions-at.js";
export { floorToInterval, intervalGrid, MAX_GRID_POINTS, type Interval } from "./time-grid.js";
export { equityCurve, type EquityCurveInput, type EquityPoint } from "./equity-curve.js";
export { maxDrawdown, periodReturns, sharpeRatio, TRADING_DAYS_PER_YEAR, type Drawdown } from "./risk-metrics.js";
export { exposedFraction } from "./exposure.js";
export { closingStats, type ClosingStats } from "./closing-stats.js";
export { runOverview, type RunOverview, type RunOverviewInput } from "./run-overview.js";
export { symbolBreakdown, type SymbolSummary } from "./symbol-breakdown.js";
export {
  checkCompliance,
  MARGIN_LEVERAGE,
  type ComplianceConfig,
  type ComplianceRule,
  type ComplianceViolation,
} from "./compliance.js";
