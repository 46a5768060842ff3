import type { ChatEvent } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type ApiClient, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// chat.send stores both messages and the reply's AI model in a few statements and answers with
// the conversation as those statements left it, without reading it again: these hold the answer
// to what the database says, and the reply to the model it was meant to be written with.

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

async function storedAiModel(messageId: number | undefined) {
  const row = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId ?? -1 } });
  return row.aiModel;
}

type Conversation = Awaited<ReturnType<ApiClient["sessions"]["get"]["query"]>>;

/** The answer's conversation beside the stored one, on the fields the send changed. */
async function expectAnswerAsStored(api: ApiClient, answered: Conversation) {
  const stored = await api.sessions.get.query({ sessionId: answered.id });
  const fields = ({ messageCount, lastMessageAt, activityAt, isActive }: Conversation) => ({
    messageCount,
    lastMessageAt,
    activityAt,
    isActive,
  });
  expect(fields(answered)).toEqual(fields(stored));
}

describe("chat.send", () => {
  it("answers with the conversation as stored: first send, then a second, and in an inactive one", async () => {
    const { api } = await server.signUp();
    const context = { kind: "general" as const };
    const first = await api.chat.send.mutate({ target: { context, idempotencyKey: key() }, content: "First words of a first message" });
    expect(first.session).toMatchObject({ messageCount: 2, title: "First words of a first message", titleSource: "provisional" });
    await expectAnswerAsStored(api, first.session);
    await collectStream(api, { sessionId: first.session.id, replyId: first.reply?.messageId });

    const second = await api.chat.send.mutate({ target: { sessionId: first.session.id }, content: "and a second" });
    expect(second.session.messageCount).toBe(4);
    await expectAnswerAsStored(api, second.session);
    await collectStream(api, { sessionId: first.session.id, replyId: second.reply?.messageId });

    const empty = await api.sessions.startNew.mutate({ context });
    expect(empty.titleSource).toBe("default");
    const back = await api.chat.send.mutate({ target: { sessionId: first.session.id }, content: "back to the first" });
    expect(back.session.isActive).toBe(true);
    await expectAnswerAsStored(api, back.session);
    const titled = await api.chat.send.mutate({ target: { sessionId: empty.id }, content: "Titles the empty one" });
    expect(titled.session).toMatchObject({ title: "Titles the empty one", titleSource: "provisional", isActive: true });
    await expectAnswerAsStored(api, titled.session);
  });

  it("stores the reply's AI model with the send: the model's default, else the server's", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate({ ...modelConfig, defaultAiModel: "gpt-4.1-nano" });
    const inModel = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "hello",
    });
    expect(await storedAiModel(inModel.reply?.messageId)).toBe("gpt-4.1-nano");
    const general = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "hi" });
    expect(await storedAiModel(general.reply?.messageId)).toBe("test-chat-model");
    const streamed = await collectStream(api, { sessionId: inModel.session.id, replyId: inModel.reply?.messageId });
    expect(streamed.events.find((e) => e.event.type === "reply_started")?.event).toMatchObject({ aiModel: "gpt-4.1-nano" });
  });

  it("writes a retried reply with the model's AI model as it is now", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate({ ...modelConfig, defaultAiModel: "gpt-4.1-mini" });
    provider.replies.push({ kind: "error", status: 400, message: "refused" });
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "try me",
    });
    const replyId = sent.reply?.messageId ?? -1;
    expect((await collectStream(api, { sessionId: sent.session.id, replyId })).done?.status).toBe("failed");
    await api.models.update.mutate({ modelId: model.id, changes: { defaultAiModel: "gpt-4.1" } });
    provider.replies.push({ kind: "text", text: "Second time." });
    const completed = (event: ChatEvent) => event.type === "done" && event.status === "complete";
    const listening = collectStream(api, { sessionId: sent.session.id, replyId }, completed);
    await api.chat.retry.mutate({ messageId: replyId });
    const retried = await listening;
    expect(retried.events.findLast((e) => e.event.type === "reply_started")?.event).toMatchObject({ aiModel: "gpt-4.1" });
    expect(await storedAiModel(replyId)).toBe("gpt-4.1");
  });
});
