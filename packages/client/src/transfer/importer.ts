import { mergeItem, totalsOf, type ConversationOutcome, type FileProblem, type ImportReport } from "./import-report.js";
import type { Line } from "./split-lines.js";
import type { TransferApi } from "./transfer-api.js";

export interface ImportOptions {
  /** A model or run conversation whose model is not yours: fail it (default) or keep it as a general one. */
  unknownContext?: "fail" | "general";
  /** A batch's size in characters of JSON; the server refuses bodies over 2 MB. */
  maxBatchChars?: number;
  maxBatchMessages?: number;
  /** After each batch the server answered. */
  onProgress?: (progress: { line: number; conversations: number; messagesAdded: number }) => void;
}

interface Conversation {
  record: { id?: unknown };
  outcome: ConversationOutcome;
}

interface Part {
  conversation: Conversation;
  messages: unknown[];
  messageLines: number[];
}

/**
 * Server reasons name a record by its place in the part (`messages.3.role`); the report names its
 * line in a Parley file, or, for a converted file (ChatGPT's), the message's number in its conversation.
 */
function locate(reason: string, part: Part, converted: boolean): string {
  const message = /^messages\.(\d+)(.*)$/.exec(reason);
  const detail = (rest: string | undefined) => (rest ?? "").replace(/^[.:]\s*/, "");
  if (message && converted) {
    const record = part.messages[Number(message[1])] as { id?: unknown } | undefined;
    return `message ${String(record?.id ?? "?")}: ${detail(message[2])}`;
  }
  if (message) return `line ${part.messageLines[Number(message[1])] ?? "?"}: ${detail(message[2])}`;
  if (reason.startsWith("conversation."))
    return converted
      ? reason.slice("conversation.".length)
      : `line ${part.conversation.outcome.line}: ${reason.slice("conversation.".length)}`;
  return reason;
}

/**
 * Reads an export file line by line and imports it in batches of whole records, one request at
 * a time: memory holds one batch, whatever the file's size. Returns a report per conversation.
 */
export class Importer {
  private readonly conversations: ConversationOutcome[] = [];
  private readonly problems: FileProblem[] = [];
  private current: Conversation | null = null;
  private batch: Part[] = [];
  private chars = 0;
  private messages = 0;
  private line = 0;

  constructor(
    private readonly api: TransferApi,
    private readonly options: ImportOptions,
    /** Records converted from another format: they have no lines of their own. */
    private readonly converted = false,
  ) {}

  async take(line: Line, record: Record<string, unknown>) {
    this.line = line.number;
    if (record.type === "conversation") return this.startConversation(line, record);
    if (record.type !== "message") return this.problem(line.number, `unknown record type ${JSON.stringify(record.type)}: skipped`);
    const current = this.current;
    if (!current || record.conversationId !== current.record.id)
      return this.problem(
        line.number,
        `a message of conversation ${String(record.conversationId)}, which is not the conversation before it`,
      );
    if (current.outcome.status === "failed") return;
    if (this.messages + 1 > (this.options.maxBatchMessages ?? 1_000) || this.isFull(line)) await this.flush();
    const part = this.openPart(current);
    part.messages.push(record);
    part.messageLines.push(line.number);
    this.messages += 1;
    this.chars += line.text.length;
  }

  /** A line that could not be read fails the conversation it is in: its messages would be missing. */
  unreadable(line: Line, message: string) {
    if (this.current && this.current.outcome.status !== "failed") {
      this.current.outcome.status = "failed";
      this.current.outcome.reasons.push(`line ${line.number}: ${message}`);
    } else this.problem(line.number, message);
  }

  /** Reasons of the conversation being read that the server cannot know (what a converter left out). */
  note(reasons: string[]) {
    this.current?.outcome.reasons.push(...reasons);
  }

  /** A conversation decided without the server (unreadable: failed; nothing to import: skipped), with why. */
  reportConversation(outcome: { line: number; title: string; status: "failed" | "skipped"; reasons: string[] }) {
    this.conversations.push({ ...emptyOutcome(outcome.line, outcome.title, null), ...outcome });
    this.current = null;
  }

  /** A conversation converted from another format: its records as if they were lines `position` of a file, and its notes. */
  async takeConversation(position: number, converted: { conversation: object; messages: object[]; notes: string[] }) {
    const line = (record: object): Line => ({ number: position, text: JSON.stringify(record), tooLong: false });
    await this.take(line(converted.conversation), { ...converted.conversation });
    this.note(converted.notes);
    for (const message of converted.messages) await this.take(line(message), { ...message });
  }

  problem(line: number, message: string) {
    this.problems.push({ line, message });
  }

  async finish(format: ImportReport["format"] = "parley"): Promise<ImportReport> {
    await this.flush();
    return { format, conversations: this.conversations, problems: this.problems, totals: totalsOf(this.conversations) };
  }

  private isFull(line: Line) {
    return this.chars + line.text.length > (this.options.maxBatchChars ?? 600_000);
  }

  private async startConversation(line: Line, record: Record<string, unknown>) {
    if (this.isFull(line) || this.batch.length >= 100) await this.flush();
    const title = typeof record.title === "string" ? record.title : "(untitled)";
    const sourceId = typeof record.id === "number" ? record.id : null;
    const outcome = emptyOutcome(line.number, title, sourceId);
    this.conversations.push(outcome);
    this.current = { record, outcome };
    this.chars += line.text.length;
    this.openPart(this.current);
  }

  private openPart(conversation: Conversation): Part {
    const last = this.batch.at(-1);
    if (last?.conversation === conversation) return last;
    const part: Part = { conversation, messages: [], messageLines: [] };
    this.batch.push(part);
    return part;
  }

  private async flush() {
    const parts = this.batch.filter((part) => part.conversation.outcome.status !== "failed");
    this.batch = [];
    this.chars = 0;
    this.messages = 0;
    await this.send(parts);
  }

  private async send(parts: Part[]) {
    if (!parts.length) return;
    const { items } = await this.api.sessions.importBatch.mutate({
      parts: parts.map((part) => ({ conversation: part.conversation.record, messages: part.messages })),
      unknownContext: this.options.unknownContext ?? "fail",
    });
    for (const item of items) {
      const part = parts[item.index];
      if (part)
        mergeItem(
          part.conversation.outcome,
          item,
          item.reasons.map((reason) => locate(reason, part, this.converted)),
        );
    }
    const messagesAdded = this.conversations.reduce((sum, outcome) => sum + outcome.messagesAdded, 0);
    this.options.onProgress?.({ line: this.line, conversations: this.conversations.length, messagesAdded });
  }
}

function emptyOutcome(line: number, title: string, sourceId: number | null): ConversationOutcome {
  return { sourceId, line, title, status: "skipped", sessionId: null, messagesAdded: 0, messagesAlreadyThere: 0, reasons: [] };
}
