import { Prisma } from "@parley/db";
import { z } from "zod";
import { messagePageInput, messagePageOutput } from "../sessions/router.js";
import { listMessages } from "../sessions/messages.js";
import { pageSessions } from "../sessions/list-sessions.js";
import { sessionOutput } from "../sessions/schemas.js";
import { searchConversations } from "../sessions/search/search.js";
import { searchInput, searchOutput } from "../sessions/search/schemas.js";
import { adminProcedure, router } from "../trpc.js";
import { usageStats } from "./usage-stats.js";

/** Admins read any user's conversations (RLS admits them through its admin policies). */
export const adminRouter = router({
  listSessions: adminProcedure
    .input(
      z.strictObject({
        userId: z.uuid().optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .output(z.object({ items: z.array(sessionOutput.extend({ userId: z.uuid() })), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) =>
      ctx.read((reader) => pageSessions(reader, input.userId ? Prisma.sql`user_id = ${input.userId}::uuid` : Prisma.sql`TRUE`, input)),
    ),

  sessionMessages: adminProcedure
    .input(messagePageInput)
    .output(messagePageOutput)
    .query(({ ctx, input }) => ctx.read((reader) => listMessages(reader, null, input))),

  /** Search over every user's conversations, or one user's: the only way an admin searches others'. */
  searchSessions: adminProcedure
    .input(searchInput.extend({ userId: z.uuid().optional() }))
    .output(searchOutput)
    .query(({ ctx, input }) => ctx.read((reader) => searchConversations(reader, { userId: input.userId ?? null }, input, "tables"))),

  usageStats,
});
