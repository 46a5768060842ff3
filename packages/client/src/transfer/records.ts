import type { RouterOutputs } from "../types.js";

/** The export format's records (docs/EXPORT_FORMAT.md), read off `sessions.exportPage`'s output. */
export type ExportRecord = RouterOutputs["sessions"]["exportPage"]["records"][number];
export type ConversationRecord = Extract<ExportRecord, { type: "conversation" }>;
export type MessageRecord = Extract<ExportRecord, { type: "message" }>;
