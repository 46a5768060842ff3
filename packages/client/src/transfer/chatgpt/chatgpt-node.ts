/** One node of a ChatGPT conversation's `mapping`, read defensively: the export has no published schema. */
export interface ChatGptNode {
  id: string;
  parent: string | null;
  /** The order it came in the mapping: a tie-breaker that keeps numbering stable. */
  order: number;
  message: Record<string, unknown> | null;
}

/** What becomes of a node: a message of ours, or skipped with a reason the report counts. */
export type NodeOutcome =
  | { keep: true; role: "user" | "assistant"; content: string; createdAt: number | null; aiModel: string | null; notes: string[] }
  | { keep: false; reason: string | null };

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const MAX_CONTENT = 200_000;

/** `text` and `multimodal_text` parts: the strings, in order; images and files are counted, not kept. */
function partsText(parts: unknown): { text: string; leftOut: number } | null {
  if (!Array.isArray(parts)) return null;
  const texts: string[] = [];
  let leftOut = 0;
  for (const part of parts) {
    if (typeof part === "string") texts.push(part);
    else if (typeof record(part)?.text === "string") texts.push(String(record(part)?.text));
    else leftOut += 1;
  }
  return { text: texts.join("\n\n"), leftOut };
}

/** The message's text by content type, or why it is not one we read. */
function contentText(content: Record<string, unknown> | null): { text: string; leftOut: number } | { reason: string } {
  const type = content?.content_type;
  if (type === "text" || type === "multimodal_text") return partsText(content?.parts) ?? { reason: `${type} content without a parts list` };
  if (type === "code" && typeof content?.text === "string") {
    const language = typeof content.language === "string" && content.language !== "unknown" ? content.language : "";
    return { text: `\`\`\`${language}\n${content.text}\n\`\`\``, leftOut: 0 };
  }
  return { reason: `content type ${typeof type === "string" ? JSON.stringify(type) : "missing"} is not one we import` };
}

// Characters PostgreSQL's text cannot hold (NUL) or would change (a lone surrogate): the message is reported, not altered.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = { test: (text: string) => text.includes("\u0000") || loneSurrogate.test(text) };

/** Decides one node: user and assistant text is kept; system, tool, hidden and unknown nodes are skipped with why. */
export function readNode(node: ChatGptNode): NodeOutcome {
  const message = node.message;
  // The mapping's root (and placeholders) carry no message: nothing to import, nothing lost.
  if (!message) return { keep: false, reason: null };
  const role = record(message.author)?.role;
  const metadata = record(message.metadata);
  if (metadata?.is_visually_hidden_from_conversation === true) return { keep: false, reason: "hidden from the conversation" };
  if (role === "system") return { keep: false, reason: "system message" };
  if (role === "tool") return { keep: false, reason: "tool output" };
  if (role !== "user" && role !== "assistant") return { keep: false, reason: `author role ${JSON.stringify(role ?? null)}` };
  const recipient = message.recipient;
  if (role === "assistant" && typeof recipient === "string" && recipient !== "all") return { keep: false, reason: "tool call" };
  const content = contentText(record(message.content));
  if ("reason" in content) return { keep: false, reason: content.reason };
  if (!content.text.trim()) return { keep: false, reason: content.leftOut ? "attachments only (not imported)" : "empty message" };
  if (content.text.length > MAX_CONTENT) return { keep: false, reason: `longer than ${MAX_CONTENT} characters` };
  if (unstorable.test(content.text)) return { keep: false, reason: "text that is not well-formed Unicode" };
  const createdAt = typeof message.create_time === "number" && Number.isFinite(message.create_time) ? message.create_time : null;
  const slug = metadata?.model_slug;
  return {
    keep: true,
    role,
    content: content.text,
    createdAt,
    aiModel: typeof slug === "string" && slug.length <= 100 ? slug : null,
    notes: content.leftOut ? [`${content.leftOut} attachment${content.leftOut === 1 ? "" : "s"} left out`] : [],
  };
}
