import { z } from "zod";
import { clientKey, contextInput, idSchema, messageContent } from "../sessions/schemas.js";

export const sendInput = z.strictObject({
  target: z.union([z.strictObject({ sessionId: idSchema }), z.strictObject({ context: contextInput, idempotencyKey: clientKey })]),
  content: messageContent,
  clientMessageId: clientKey.optional(),
});
export type SendInput = z.infer<typeof sendInput>;
