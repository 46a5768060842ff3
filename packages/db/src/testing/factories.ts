import type { PrismaClient, RunKind, RunStatus } from "../client.js";

// Test data builders: each creates one row with sensible defaults that a test can override.
let sequence = 0;
const next = () => ++sequence;

export async function createUser(prisma: PrismaClient, overrides: { email?: string; role?: "user" | "admin" } = {}) {
  const n = next();
  return prisma.user.create({
    data: {
      email: overrides.email ?? `user${n}-${process.pid}@test.parley`,
      passwordHash: "not-a-real-hash",
      displayName: `User ${n}`,
      role: overrides.role ?? "user",
    },
  });
}

export async function createModel(
  prisma: PrismaClient,
  userId: string,
  overrides: Partial<{ name: string; allowShorting: boolean; deletedAt: Date }> = {},
) {
  return prisma.tradingModel.create({
    data: {
      userId,
      name: overrides.name ?? `Model ${next()}`,
      defaultAiModel: "gpt-4o-mini",
      tradingStyle: "day_trading",
      instrument: "stocks",
      symbols: ["AAPL", "MSFT"],
      buyingPower: 25_000,
      allowShorting: overrides.allowShorting ?? false,
      deletedAt: overrides.deletedAt ?? null,
    },
  });
}

export async function createRun(
  prisma: PrismaClient,
  model: { id: number; userId: string },
  overrides: Partial<{ status: RunStatus; kind: RunKind; startedAt: Date; endedAt: Date | null; startingCapital: number }> = {},
) {
  return prisma.tradingRun.create({
    data: {
      modelId: model.id,
      userId: model.userId,
      status: overrides.status ?? "completed",
      kind: overrides.kind ?? "backtest",
      startedAt: overrides.startedAt ?? new Date("2026-01-05T14:30:00Z"),
      endedAt: overrides.endedAt === undefined ? new Date("2026-01-30T21:00:00Z") : overrides.endedAt,
      startingCapital: overrides.startingCapital ?? 10_000,
      settingsSnapshot: {},
    },
  });
}

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  context: { modelId?: number; runId?: number; isActive?: boolean } = {},
) {
  return prisma.chatSession.create({
    data: {
      userId,
      modelId: context.modelId ?? null,
      runId: context.runId ?? null,
      isActive: context.isActive ?? true,
    },
  });
}
