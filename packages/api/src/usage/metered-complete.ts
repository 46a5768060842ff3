import type { PrismaClient } from "@parley/db";
import type { ChatProvider, CompleteRequest } from "../chat/providers/provider.js";
import { costUsd, type PriceTable } from "./prices.js";
import { countUsage } from "./token-count.js";

export type BackgroundKind = "title" | "summary";

export interface MeteredDeps {
  prisma: PrismaClient;
  provider: ChatProvider;
  prices: PriceTable;
}

/**
 * A background completion (a title, a summary) whose tokens and cost are recorded in
 * `background_usage`, apart from the replies: the provider bills them all the same. Counted
 * with the tokenizer when the provider reported no usage; not recorded for the offline
 * assistant, which bills nothing.
 */
export async function meteredComplete(
  deps: MeteredDeps,
  work: { sessionId: number; userId: string; kind: BackgroundKind },
  request: CompleteRequest,
): Promise<string> {
  const completion = await deps.provider.complete(request);
  if (deps.provider.offline) return completion.text;
  const usage = completion.usage ?? (await countUsage(request.model, request, { text: completion.text }));
  await deps.prisma.backgroundUsage.create({
    data: {
      sessionId: work.sessionId,
      userId: work.userId,
      kind: work.kind,
      aiModel: request.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: costUsd(deps.prices, request.model, usage),
    },
  });
  return completion.text;
}
