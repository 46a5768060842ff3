import { Prisma } from "@parley/db";
import type { Db } from "../../db/as-user.js";
import { versionIds } from "./branch-sql.js";

/** Message `messageId`'s versions (siblings and itself, oldest first). */
export async function readVersionIds(tx: Db, messageId: number): Promise<number[]> {
  const [row] = await tx.$queryRaw<Array<{ ids: number[] | null }>>`
    SELECT ${versionIds(Prisma.sql`m`)} AS ids FROM chat_messages m WHERE m.id = ${messageId}`;
  return row?.ids ?? [messageId];
}
