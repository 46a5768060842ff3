import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function userWithRuns(labels: string[]) {
  const user = await server.signUp();
  const model = await user.api.models.create.mutate({ ...modelConfig, name: "Finder model" });
  const runs = [];
  for (const [index, label] of labels.entries()) {
    const start = new Date(Date.UTC(2026, 0, 1 + index)).toISOString();
    runs.push(await user.api.runs.create.mutate({ modelId: model.id, label, kind: "backtest", startingCapital: 1000, period: { start } }));
  }
  return { ...user, model, runs };
}

describe("runs.find", () => {
  it("finds the user's runs by part of the label in any case, newest first, with the model's name", async () => {
    const { api, model, runs } = await userWithRuns(["Momentum Q1", "mean reversion", "MOMENTUM q2"]);
    const found = await api.runs.find.query({ query: "momentum" });
    expect(found.map((run) => run.id)).toEqual([runs[2]?.id, runs[0]?.id]);
    expect(found[0]).toMatchObject({
      modelId: model.id,
      modelName: "Finder model",
      label: "MOMENTUM q2",
      kind: "backtest",
      status: "running",
    });
    expect((await api.runs.find.query({ query: "momentum", limit: 1 })).map((run) => run.label)).toEqual(["MOMENTUM q2"]);
  });

  it("takes % and _ as characters, finds #id, and leaves out runs of deleted models", async () => {
    const { api, model, runs } = await userWithRuns(["50% sizing", "plain_run", "other"]);
    expect((await api.runs.find.query({ query: "%" })).map((run) => run.label)).toEqual(["50% sizing"]);
    expect((await api.runs.find.query({ query: "_" })).map((run) => run.label)).toEqual(["plain_run"]);
    expect((await api.runs.find.query({ query: `#${runs[2]?.id}` })).map((run) => run.label)).toEqual(["other"]);
    await api.models.delete.mutate({ modelId: model.id });
    expect(await api.runs.find.query({ query: "other" })).toEqual([]);
  });

  it("never finds another user's runs", async () => {
    const owner = await userWithRuns(["secret strategy alpha"]);
    const other = await server.signUp();
    expect(await other.api.runs.find.query({ query: "secret strategy" })).toEqual([]);
    expect(await other.api.runs.find.query({ query: `#${owner.runs[0]?.id}` })).toEqual([]);
  });

  it("answers an empty, oversized or malformed query with a typed error", async () => {
    const { api } = await userWithRuns([]);
    const inputs = [
      { query: "   " },
      { query: "x".repeat(10_000) },
      { query: "a\u0000b" },
      { query: "ok", limit: 0 },
      { query: "ok", limit: 21 },
    ];
    for (const input of inputs) {
      const failure = await failureOf(api.runs.find.query(input));
      expect(failure.code, JSON.stringify(input).slice(0, 40)).toBe("BAD_REQUEST");
    }
  });
});
