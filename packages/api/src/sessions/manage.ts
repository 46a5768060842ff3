import { Prisma } from "@parley/db";
import type { Actor, Db } from "../db/as-user.js";
import type { Reader } from "../db/read-as-user.js";
import { notFound } from "../errors.js";
import { selectSessions } from "./select-sessions.js";
import { sessionSelect, toSessionOutput } from "./session-row.js";

export async function getSession(reader: Reader, actor: Actor, sessionId: number) {
  const [row] = await selectSessions(reader, Prisma.sql`WHERE id = ${sessionId} AND user_id = ${actor.id}::uuid`);
  if (!row) throw notFound("Conversation");
  return toSessionOutput(row);
}

/** A user's own title wins: background title generation never replaces it. */
export async function renameSession(tx: Db, actor: Actor, input: { sessionId: number; title: string }) {
  const { count } = await tx.chatSession.updateMany({
    where: { id: input.sessionId, userId: actor.id },
    data: { sessionTitle: input.title, titleSource: "user" },
  });
  if (count === 0) throw notFound("Conversation");
  // Read in the same transaction, so the answer is the row this rename wrote.
  return toSessionOutput(await tx.chatSession.findUniqueOrThrow({ where: { id: input.sessionId }, select: sessionSelect }));
}
