import type { ImportItem } from "./transfer-api.js";

/** What became of one conversation of the file, over all the batches its messages went in. */
export interface ConversationOutcome {
  /** Its id in the file, and the line of its record. */
  sourceId: number | null;
  line: number;
  title: string;
  status: "imported" | "skipped" | "failed";
  /** Where it went; null when nothing was stored. */
  sessionId: number | null;
  messagesAdded: number;
  messagesAlreadyThere: number;
  reasons: string[];
}

/** A line of the file that belongs to no conversation: reported, never dropped in silence. */
export interface FileProblem {
  line: number;
  message: string;
}

export interface ImportReport {
  /** What the file was: a Parley export (`line` is a line of it) or ChatGPT's conversations.json (`line` is a conversation's place in it). */
  format: "parley" | "chatgpt";
  conversations: ConversationOutcome[];
  problems: FileProblem[];
  totals: { imported: number; skipped: number; failed: number; messagesAdded: number; messagesAlreadyThere: number };
}

/** The file cannot be imported at all (not an export, or a version this client does not read). */
export class ImportFileError extends Error {
  readonly problems: FileProblem[];
  constructor(problems: FileProblem[]) {
    super(problems.map((problem) => `line ${problem.line}: ${problem.message}`).join("\n"));
    this.name = "ImportFileError";
    this.problems = problems;
  }
}

const ALREADY = "Already imported: nothing new to add";

/** Folds one batch item into its conversation's outcome: a failure anywhere fails it; any new message makes it imported. */
export function mergeItem(outcome: ConversationOutcome, item: ImportItem, reasons: string[]) {
  outcome.messagesAdded += item.messagesAdded;
  outcome.messagesAlreadyThere += item.messagesAlreadyThere;
  outcome.sessionId ??= item.sessionId;
  if (outcome.status === "failed" || item.status === "failed") outcome.status = "failed";
  else if (item.status === "imported") outcome.status = "imported";
  for (const reason of reasons) if (!outcome.reasons.includes(reason)) outcome.reasons.push(reason);
  if (outcome.status === "imported") outcome.reasons = outcome.reasons.filter((reason) => reason !== ALREADY);
}

export function totalsOf(conversations: ConversationOutcome[]): ImportReport["totals"] {
  const totals = { imported: 0, skipped: 0, failed: 0, messagesAdded: 0, messagesAlreadyThere: 0 };
  for (const outcome of conversations) {
    totals[outcome.status] += 1;
    totals.messagesAdded += outcome.messagesAdded;
    totals.messagesAlreadyThere += outcome.messagesAlreadyThere;
  }
  return totals;
}
