import { createApiClient } from "@parley/client";

let count = 0;

export function apiClient(baseUrl: string, token?: string) {
  return createApiClient({ url: baseUrl, getToken: () => token, batch: false }).api;
}

/** Signs a new user up through the API; `api` acts as them. */
export async function createUser(baseUrl: string, displayName = "Dana Trader") {
  const email = `trader${++count}-${Date.now()}@example.test`;
  const password = "correct horse battery";
  const session = await apiClient(baseUrl).auth.signUp.mutate({ email, password, displayName });
  return { ...session, email, password, api: apiClient(baseUrl, session.accessToken) };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

export const scalperConfig = {
  name: "Momentum Scalper",
  defaultAiModel: "gpt-4o-mini",
  tradingMode: "paper" as const,
  tradingStyle: "scalping" as const,
  instrument: "stocks" as const,
  symbols: ["AAPL", "NVDA", "TSLA"],
  marginAccount: true,
  buyingPower: 50_000,
  allowShorting: true,
  allowOptionsStrategies: false,
  allowHedging: false,
  allowedOrderTypes: ["market" as const, "limit" as const, "stop" as const],
  customRules: "No overnight holds. Max 2% risk per trade.",
  customInstructions: "Explain reasoning briefly.",
};
