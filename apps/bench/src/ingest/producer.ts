import { createApiClient } from "@parley/client";
import WebSocket from "ws";

/** A new user with a model (made signed in: keys cannot reach models.*) and a runs:write key. */
export async function producerWithKey(url: string) {
  const anonymous = createApiClient({ url, getToken: () => null, WebSocket, batch: false });
  const session = await anonymous.api.auth.signUp.mutate({
    email: `ingest-${Date.now()}@example.test`,
    password: "correct horse battery",
    displayName: "Ingest",
  });
  await anonymous.close();
  const signedIn = createApiClient({ url, getToken: () => session.accessToken, WebSocket, batch: false });
  const { secret } = await signedIn.api.keys.create.mutate({ name: "ingest bench", scopes: ["read", "runs:write"] });
  const model = await signedIn.api.models.create.mutate({
    name: "Ingest",
    defaultAiModel: "gpt-4o-mini",
    tradingMode: "live",
    tradingStyle: "day_trading",
    instrument: "stocks",
    symbols: ["SYM00"],
    marginAccount: true,
    buyingPower: 1_000_000,
    allowShorting: true,
    allowOptionsStrategies: false,
    allowHedging: false,
    allowedOrderTypes: ["market", "limit"],
  });
  await signedIn.close();
  return {
    userId: session.user.id,
    modelId: model.id,
    secret,
    keyed: createApiClient({ url, apiKey: secret, WebSocket, batch: false }),
  };
}
