import { z } from "zod";

/** What became of one conversation part of an import batch; nothing is left out silently. */
export const importItemReport = z.object({
  /** The part's place in the batch. */
  index: z.number().int(),
  /** The conversation's id in the file, when the part was readable enough to say. */
  sourceId: z.number().int().nullable(),
  status: z.enum(["imported", "skipped", "failed"]),
  /** The conversation it went into (new, or the one an earlier import made). */
  sessionId: z.number().int().nullable(),
  messagesAdded: z.number().int(),
  /** Messages an earlier import of the same file already stored: not added twice. */
  messagesAlreadyThere: z.number().int(),
  /** Why it was skipped or failed, and anything stored other than as written (e.g. a reply that was still streaming). */
  reasons: z.array(z.string()),
});
export type ImportItemReport = z.infer<typeof importItemReport>;

export const importBatchOutput = z.object({ items: z.array(importItemReport) });

export function failedItem(index: number, sourceId: number | null, reasons: string[]): ImportItemReport {
  return { index, sourceId, status: "failed", sessionId: null, messagesAdded: 0, messagesAlreadyThere: 0, reasons };
}

/** Zod's issues as readable reasons: `messages.3.role: Invalid option`, at most 20 of them. */
export function reasonsFromIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const reasons = issues
    .slice(0, 20)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  if (issues.length > 20) reasons.push(`and ${issues.length - 20} more problems`);
  return reasons;
}
