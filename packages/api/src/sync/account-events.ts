import { z } from "zod";

const id = z.number().int();
const ids = z.array(id).min(1);

/**
 * What changed in a user's account, told to every tab and device the user has open
 * (`sync.events`). Ids only, plus what a client needs to decide which of its caches are stale: it
 * refetches what it shows, so nothing here is ever more than the user could read anyway.
 */
export const accountEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session_created"), sessionIds: ids }),
  /** `title`: the generated one arrived; `rename`: the user chose one; the rest are keep actions. */
  z.object({ type: z.literal("session_updated"), sessionIds: ids, change: z.enum(["title", "rename", "pin", "archive", "tags"]) }),
  /** Hidden at once; removed for good when its undo window ends. */
  z.object({ type: z.literal("session_deleted"), sessionIds: ids }),
  /** An undo put these back as they were (visible, pinned, archived, tagged, active). */
  z.object({ type: z.literal("session_restored"), sessionIds: ids }),
  /** Made its context's active conversation; the one active before is not any more. */
  z.object({ type: z.literal("session_activated"), sessionId: id }),
  z.object({ type: z.literal("model_created"), modelId: id }),
  z.object({ type: z.literal("model_updated"), modelId: id }),
  z.object({ type: z.literal("model_deleted"), modelId: id }),
  /** Events may have been missed (the server lost its link to the shared bus): refetch everything. */
  z.object({ type: z.literal("resync") }),
]);

export type AccountEvent = z.infer<typeof accountEvent>;
