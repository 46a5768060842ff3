import type { AssetType, InstrumentClass, OrderType, TradingMode, TradingStyle } from "../client.js";

export interface DemoModel {
  name: string;
  defaultAiModel: string;
  tradingMode: TradingMode;
  tradingStyle: TradingStyle;
  instrument: InstrumentClass;
  symbols: string[];
  marginAccount: boolean;
  buyingPower: number;
  allowShorting: boolean;
  allowOptionsStrategies: boolean;
  allowHedging: boolean;
  allowedOrderTypes: OrderType[];
  customRules: string;
  customInstructions: string;
  /** How the demo runs of this model trade. */
  runs: Array<{ days: number; fillsPerDay: number; startingCapital: number; status: "completed" | "running" | "stopped" }>;
  startPrices: Record<string, number>;
  assetType: (symbol: string) => AssetType;
}

// Three clearly different configurations, so that model context visibly changes the answers.
export const demoModels: DemoModel[] = [
  {
    name: "Momentum Scalper",
    defaultAiModel: "gpt-4o-mini",
    tradingMode: "live",
    tradingStyle: "scalping",
    instrument: "stocks",
    symbols: ["NVDA", "TSLA", "AMD"],
    marginAccount: true,
    buyingPower: 100_000,
    allowShorting: true,
    allowOptionsStrategies: false,
    allowHedging: false,
    allowedOrderTypes: ["market", "limit", "stop"],
    customRules: "Never hold a position overnight. Max 3 open positions. Cut losers at -0.5%.",
    customInstructions: "Explain entries in terms of volume and momentum; keep answers short.",
    runs: [
      { days: 15, fillsPerDay: 22, startingCapital: 50_000, status: "completed" },
      { days: 12, fillsPerDay: 26, startingCapital: 50_000, status: "completed" },
      { days: 6, fillsPerDay: 24, startingCapital: 60_000, status: "running" },
    ],
    startPrices: { NVDA: 142, TSLA: 251, AMD: 158 },
    assetType: () => "stock",
  },
  {
    name: "Options Swing Trader",
    defaultAiModel: "gpt-4o",
    tradingMode: "paper",
    tradingStyle: "swing",
    instrument: "options",
    symbols: ["SPY", "QQQ", "AAPL", "SPY260320C00600000"],
    marginAccount: false,
    buyingPower: 25_000,
    allowShorting: false,
    allowOptionsStrategies: true,
    allowHedging: false,
    allowedOrderTypes: ["limit", "stop_limit"],
    customRules: "Only defined-risk option positions. Risk at most 2% of the account per trade.",
    customInstructions: "Discuss trades in terms of implied volatility and time decay.",
    runs: [
      { days: 40, fillsPerDay: 6, startingCapital: 25_000, status: "completed" },
      { days: 35, fillsPerDay: 7, startingCapital: 25_000, status: "stopped" },
    ],
    startPrices: { SPY: 588, QQQ: 512, AAPL: 231, SPY260320C00600000: 9.5 },
    assetType: (symbol) => (symbol.length > 6 ? "option" : "stock"),
  },
  {
    name: "Hedged Paper Portfolio",
    defaultAiModel: "gpt-4o-mini",
    tradingMode: "paper",
    tradingStyle: "position",
    instrument: "etfs",
    symbols: ["SPY", "TLT", "GLD", "SH"],
    marginAccount: false,
    buyingPower: 50_000,
    allowShorting: false,
    allowOptionsStrategies: false,
    allowHedging: true,
    allowedOrderTypes: ["market", "limit", "trailing_stop"],
    customRules: "Keep an inverse or bond hedge of at least 20% of equity exposure.",
    customInstructions: "Think in terms of portfolio risk and correlation, not single trades.",
    runs: [
      { days: 60, fillsPerDay: 4, startingCapital: 50_000, status: "completed" },
      { days: 45, fillsPerDay: 5, startingCapital: 50_000, status: "completed" },
    ],
    startPrices: { SPY: 588, TLT: 91, GLD: 245, SH: 41 },
    assetType: () => "stock",
  },
];
