import type { PrismaClient } from "@parley/db";
import { exportLines, importFile, type ImportOptions, type TransferApi } from "@parley/client";

/**
 * Conversations written straight into the database as the owner, with every field an export
 * carries: branches (a regenerated reply, an edited question), a summary, tool results, run
 * figures, a branch shown other than the newest, a user title, pins, tags, archive.
 */
export async function plantConversations(prisma: PrismaClient, userId: string) {
  const session = await prisma.chatSession.create({
    data: {
      userId,
      isActive: false,
      sessionTitle: 'Stops "and" sizing ✓',
      titleSource: "user",
      isPinned: true,
      tags: ["ideas", "risk"],
      createdAt: new Date("2026-03-01T10:00:00.123Z"),
    },
  });
  const add = async (parentId: number | null, role: "user" | "assistant", content: string, extra: object = {}) =>
    (
      await prisma.chatMessage.create({
        data: {
          sessionId: session.id,
          userId,
          parentId: parentId ?? 0,
          role,
          content,
          createdAt: new Date(Date.UTC(2026, 2, 1, 10, 0, ++clock)),
          ...extra,
        },
      })
    ).id;
  let clock = 0;
  const q1 = await add(null, "user", 'Where should my stop go?\nLine two, "quoted", emoji 📈 and \u2028 separator');
  const a1 = await add(q1, "assistant", "Below the swing low.", {
    toolsUsed: [{ name: "get_run_overview", ok: true, callId: "call_1", result: { fills: 12, pnl: -3.5 }, at: "2026-03-01T10:00:02Z" }],
    promptTokens: 120,
    completionTokens: 30,
    costUsd: 0.00012345,
    aiModel: "gpt-4o-mini",
    completedAt: new Date("2026-03-01T10:00:03.500Z"),
    runFigures: { fills: 12, realizedPnl: -3.5 },
  });
  const q2 = await add(a1, "user", "And the size?");
  const a2 = await add(q2, "assistant", "Risk 1% per trade.", { status: "stopped" });
  await add(q2, "assistant", "Half a percent, regenerated.", { error: "upstream said no", status: "failed" });
  const q2Edited = await add(a1, "user", "And the size, edited?");
  await add(q2Edited, "assistant", "An answer on the edited branch.");
  await add(null, "user", "A second first message (the first one edited)");
  // The branch shown is the stopped reply, not the newest message.
  await prisma.chatSession.update({
    where: { id: session.id },
    data: { currentLeafId: a2, conversationSummary: "They talked about stops.", summaryThroughMessageId: a1 },
  });
  const archived = await prisma.chatSession.create({
    data: { userId, isActive: true, sessionTitle: "Archived one", titleSource: "generated", archivedAt: new Date("2026-03-02T00:00:00Z") },
  });
  await prisma.chatMessage.create({ data: { sessionId: archived.id, userId, role: "user", content: "kept out of the way" } });
  const empty = await prisma.chatSession.create({ data: { userId, isActive: false } });
  return { sessionIds: [session.id, archived.id, empty.id] };
}

/** An export's lines, parsed (small exports only: tests). */
export async function exportRecords(api: TransferApi, options: Parameters<typeof exportLines>[1] = {}) {
  const records: Record<string, unknown>[] = [];
  for await (const line of exportLines(api, options)) records.push(JSON.parse(line) as Record<string, unknown>);
  return records;
}

/** An export with its ids replaced by their order in the file and without keys (each account's own), so two accounts' copies compare equal. */
export function withoutIds(records: Record<string, unknown>[]) {
  const conversations = new Map<unknown, number>();
  const messages = new Map<unknown, number>();
  for (const record of records) {
    if (record.type === "conversation") conversations.set(record.id, conversations.size + 1);
    if (record.type === "message") messages.set(record.id, messages.size + 1);
  }
  const message = (id: unknown) => (id === null ? null : messages.get(id));
  return records.slice(1).map((record) => {
    if (record.type === "message")
      return {
        ...record,
        id: message(record.id),
        parentId: message(record.parentId),
        conversationId: conversations.get(record.conversationId),
      };
    const summary = record.summary as { text: string; throughMessageId: number | null } | null;
    const { key: _key, ...rest } = record;
    return {
      ...rest,
      id: conversations.get(record.id),
      currentLeafId: message(record.currentLeafId),
      summary: summary && { ...summary, throughMessageId: message(summary.throughMessageId) },
    };
  });
}

export async function* chunksOf(text: string, size = 777) {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

export const importText = (api: TransferApi, text: string, options: ImportOptions = {}) => importFile(api, chunksOf(text), options);

export const toText = (records: Record<string, unknown>[]) => records.map((record) => `${JSON.stringify(record)}\n`).join("");
