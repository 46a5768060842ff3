import type { Database } from "../open-database.js";
import { createModel, createSession, createUser } from "./factories.js";

type Owner = { id: string };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

async function addMessages(database: Database, session: { id: number; userId: string }, count: number, at = hoursAgo(2)) {
  await database.prisma.chatMessage.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      sessionId: session.id,
      userId: session.userId,
      role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: `message ${i + 1}`,
      createdAt: new Date(at.getTime() + i * 1_000),
    })),
  });
}

/** Two active conversations in one context, and a conversation whose model row is gone. */
async function breakInvariants(database: Database, user: Owner) {
  await database.sql.exec(`DROP INDEX chat_sessions_one_active_per_context;
    ALTER TABLE chat_sessions DROP CONSTRAINT chat_sessions_model_id_user_id_fkey`);
  const model = await createModel(database.prisma, user.id, { name: "Planted" });
  const twinActive = [
    await createSession(database.prisma, user.id, { modelId: model.id }),
    await createSession(database.prisma, user.id, { modelId: model.id }),
  ];
  const doomed = await createModel(database.prisma, user.id, { name: "Hard-deleted" });
  const orphaned = await createSession(database.prisma, user.id, { modelId: doomed.id, isActive: false });
  await database.prisma.tradingModel.delete({ where: { id: doomed.id } });
  return { model, twinActive, orphaned };
}

async function plantLongConversations(database: Database, user: Owner) {
  const retired = await createModel(database.prisma, user.id, { name: "Retired", deletedAt: hoursAgo(1) });
  const ofDeletedModel = await createSession(database.prisma, user.id, { modelId: retired.id });
  await addMessages(database, ofDeletedModel, 2);
  const long = await createSession(database.prisma, user.id, { isActive: false });
  await addMessages(database, long, 61);
  const summarized = await createSession(database.prisma, user.id, { isActive: false });
  await addMessages(database, summarized, 61);
  await database.prisma.chatSession.update({ where: { id: summarized.id }, data: { conversationSummary: "A summary." } });
  const sixty = await createSession(database.prisma, user.id, { isActive: false });
  await addMessages(database, sixty, 60);
  return { ofDeletedModel, long, summarized, sixty };
}

async function plantEmptyConversations(database: Database, user: Owner) {
  const at = (hours: number) =>
    database.prisma.chatSession.create({ data: { userId: user.id, isActive: false, createdAt: hoursAgo(hours) } });
  const emptyOld = await at(25);
  const emptyRecent = await at(23);
  const oldWithMessages = await at(48);
  await addMessages(database, { id: oldWithMessages.id, userId: user.id }, 1, hoursAgo(47));
  return { emptyOld, emptyRecent, oldWithMessages };
}

function streamingReply(database: Database, session: { id: number; userId: string }, minutesAgo: number) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  return database.prisma.chatMessage.create({
    data: { sessionId: session.id, userId: session.userId, role: "assistant", content: "half a", status: "streaming", createdAt },
  });
}

/**
 * One of each problem the doctor looks for, next to a look-alike that is fine, so a test sees
 * both what is found and what is left alone. Drops the two constraints that make the first two
 * impossible: use it on a throwaway database only.
 */
export async function plantHealthProblems(database: Database) {
  const user = await createUser(database.prisma);
  const broken = await breakInvariants(database, user);
  const conversations = await plantLongConversations(database, user);
  const empty = await plantEmptyConversations(database, user);
  const stuck = await streamingReply(database, conversations.long, 20);
  const streamingNow = await streamingReply(database, conversations.summarized, 1);
  return { user, ...broken, ...conversations, ...empty, stuck, streamingNow };
}
