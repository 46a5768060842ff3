import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type ApiClient, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { allowedAiModels: ["gpt-4o-mini"] } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

describe("the AI model a reply is written with", () => {
  async function replyInModelConversation(api: ApiClient, modelId: number) {
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId }, idempotencyKey: `ai-model-${modelId}` },
      content: "Which model answers?",
    });
    const seen = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    return { seen, request: provider.streamRequests().at(-1) };
  }

  it("is the trading model's own while the operator allows it", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate({ ...modelConfig, defaultAiModel: "gpt-4o-mini" });
    const { seen, request } = await replyInModelConversation(api, model.id);
    expect((request?.body as { model?: string }).model).toBe("gpt-4o-mini");
    expect(seen.done?.status).toBe("complete");
  });

  it("falls back to the operator's chat model when the model names one no longer allowed", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate({ ...modelConfig, defaultAiModel: "gpt-4o-mini" });
    // Saved before the operator narrowed the list: the database holds what the API would now refuse.
    await server.database.prisma.tradingModel.update({ where: { id: model.id }, data: { defaultAiModel: "o1-pro-2025-03-19" } });
    const { seen, request } = await replyInModelConversation(api, model.id);
    expect((request?.body as { model?: string }).model).toBe("test-chat-model");
    expect(seen.events.find((e) => e.event.type === "reply_started")?.event).toMatchObject({ aiModel: "test-chat-model" });
    expect(seen.done?.status).toBe("complete");
  });
});
