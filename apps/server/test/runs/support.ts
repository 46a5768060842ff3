import { createParleyClient, type ParleyClient } from "@parley/client";
import { TRPCClientError } from "@trpc/client";
import WebSocket from "ws";
import { modelConfig, type TestServer } from "../harness.js";

/** A signed-up user with a model and an API key of these scopes, and a @parley/client using the key. */
export async function userWithKey(server: TestServer, scopes: Array<"read" | "runs:write"> = ["read", "runs:write"]) {
  const user = await server.signUp();
  const model = await user.api.models.create.mutate(modelConfig);
  const created = await user.api.keys.create.mutate({ name: "trading engine", scopes });
  return { ...user, model, key: created.key, secret: created.secret, program: keyClient(server, created.secret) };
}

export function keyClient(server: TestServer, apiKey: string): ParleyClient {
  return createParleyClient({ url: server.url, apiKey, WebSocket });
}

/** A fill as a producer sends it; `n` makes the id and, by default, the time. */
export function fill(n: number, overrides: Partial<FillFields> = {}): FillFields {
  return {
    fillId: `f-${n}`,
    executedAt: new Date(Date.UTC(2026, 2, 2, 14, 30) + n * 60_000).toISOString(),
    symbol: "AAPL",
    side: n % 2 === 0 ? "buy" : "sell",
    quantity: 10,
    price: 100 + (n % 7),
    fees: 0.5,
    orderType: "market",
    ...overrides,
  };
}

export interface FillFields {
  fillId: string;
  executedAt: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  price: number;
  fees: number;
  orderType: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
  assetType?: "stock" | "option" | "future" | "crypto" | "forex";
  orderId?: string;
  tag?: string;
}

export interface RefusalData {
  code?: string;
  appCode?: string;
  rowErrors?: Array<{ index: number; reasons: string[] }> | null;
}

/** The error of a call that must fail, with its rows when it was a batch. */
export async function refusal(promise: Promise<unknown>): Promise<RefusalData & { message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return { ...(error.data as RefusalData), message: error.message };
    throw error;
  }
  throw new Error("expected the call to be refused, but it succeeded");
}
