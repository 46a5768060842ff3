// Short, realistic exchanges so that a new user sees every level of conversation populated.
export type Exchange = [question: string, answer: string];

export const generalConversations: Array<{ title: string; exchanges: Exchange[] }> = [
  {
    title: "Getting started with Parley",
    exchanges: [
      [
        "What can I do here?",
        "You can talk with me about trading in general, about one of your **models** (I know its full configuration), or about a specific **run** of a model, where I can look at its trades, positions and P&L.",
      ],
      [
        "How do I start a conversation about a model?",
        "Pick the model in the sidebar and choose **New chat**. Nothing is saved until you send your first message.",
      ],
    ],
  },
  {
    title: "Position sizing basics",
    exchanges: [
      [
        "How should I size positions for a small account?",
        "A common rule is to risk a fixed fraction per trade, e.g. 1%:\n\n| Account | Risk 1% | Stop distance | Shares |\n|---|---|---|---|\n| $10,000 | $100 | $0.50 | 200 |\n\nSize = risk / stop distance.",
      ],
    ],
  },
];

export function modelExchanges(modelName: string): Exchange[] {
  return [
    [
      "What is this model configured for?",
      `**${modelName}** trades with the settings listed in its configuration: its style, instruments, account type, buying power and permissions. Ask me about any of them.`,
    ],
    [
      "Is the stop rule too tight?",
      "For this style a tight stop limits the damage of a failed entry, but it also raises the number of small losses. Compare the win rate with the average win/loss ratio before loosening it.",
    ],
  ];
}

export function runExchanges(): Exchange[] {
  return [
    [
      "How did this run do?",
      "I looked at the run's overview: see the total P&L, win rate and drawdown in the run header. Ask me for a breakdown by symbol or for the biggest losers.",
    ],
  ];
}
