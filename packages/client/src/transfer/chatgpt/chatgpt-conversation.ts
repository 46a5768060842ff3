import type { ConversationRecord, MessageRecord } from "../records.js";
import { readNode, type ChatGptNode, type NodeOutcome } from "./chatgpt-node.js";

type Kept = ChatGptNode & { outcome: Extract<NodeOutcome, { keep: true }> };

/** A ChatGPT conversation as our records, with what was left out and why (counted per reason). */
export interface ConvertedConversation {
  title: string;
  conversation: ConversationRecord;
  messages: MessageRecord[];
  notes: string[];
}

export interface UnreadableConversation {
  title: string;
  error: string[];
}

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const iso = (seconds: number) => new Date(Math.round(seconds * 1000)).toISOString();
const secondsOf = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 4e10 ? value : null);

function readNodes(mapping: Record<string, unknown>): { nodes: Map<string, ChatGptNode>; problems: number } {
  const nodes = new Map<string, ChatGptNode>();
  let problems = 0;
  for (const [id, raw] of Object.entries(mapping)) {
    const node = record(raw);
    const parent = node?.parent;
    if (!node || (parent !== null && parent !== undefined && typeof parent !== "string")) {
      problems += 1;
      continue;
    }
    nodes.set(id, { id, parent: parent ?? null, order: nodes.size, message: record(node.message) });
  }
  return { nodes, problems };
}

/** The nearest ancestor (or itself) that is kept: skipped nodes' children hang on it. */
function keptAncestor(id: string | null, nodes: Map<string, ChatGptNode>, kept: Map<string, Kept>): string | null {
  const seen = new Set<string>();
  for (let at = id; at !== null && !seen.has(at); at = nodes.get(at)?.parent ?? null) {
    if (kept.has(at)) return at;
    seen.add(at);
  }
  return null;
}

type SortKey = { time: number; depth: number };

/** Each kept node's key: the latest time on its path and its depth. Iterative (deep trees), and a cycle is cut where found. */
function sortKeys(kept: Map<string, Kept>, parentOf: Map<string, string | null>): Map<string, SortKey> {
  const keys = new Map<string, SortKey>();
  for (const start of kept.keys()) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let at: string | null = start;
    while (at !== null && !keys.has(at)) {
      if (onChain.has(at)) {
        // A cycle in the mapping: its node reached twice becomes a first message.
        parentOf.set(chain.at(-1) ?? at, null);
        break;
      }
      chain.push(at);
      onChain.add(at);
      at = parentOf.get(at) ?? null;
    }
    for (const id of chain.reverse()) {
      const parent = parentOf.get(id) ?? null;
      const above = parent === null ? undefined : keys.get(parent);
      const own = kept.get(id)?.outcome.createdAt ?? -Infinity;
      keys.set(id, { time: Math.max(above?.time ?? -Infinity, own), depth: (above?.depth ?? -1) + 1 });
    }
  }
  return keys;
}

/**
 * Numbers kept nodes 1, 2, … parents first, in time order (a node's key is the latest time on
 * its path, ties by depth then mapping order). Messages added to the conversation later come
 * later in time, so a newer export of it keeps the numbers an earlier import stored.
 */
function numbering(kept: Map<string, Kept>, parentOf: Map<string, string | null>): Map<string, number> {
  const keys = sortKeys(kept, parentOf);
  const none: SortKey = { time: 0, depth: 0 };
  const order = [...kept.values()].sort((a, b) => {
    const [ka, kb] = [keys.get(a.id) ?? none, keys.get(b.id) ?? none];
    return ka.time - kb.time || ka.depth - kb.depth || a.order - b.order;
  });
  return new Map(order.map((node, index) => [node.id, index + 1]));
}

function tally(reasons: string[]): string[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} skipped: ${reason}`);
}

/**
 * One element of ChatGPT's `conversations.json` as a conversation of ours: the message tree kept
 * (skipped nodes' children move up to the nearest kept ancestor), the shown branch the path to
 * `current_node`. `position` is its 1-based place in the file; `key` the stable import key.
 */
export function convertChatGptConversation(raw: unknown, position: number, key: string): ConvertedConversation | UnreadableConversation {
  const source = record(raw);
  const rawTitle = typeof source?.title === "string" ? source.title.trim() : "";
  const title = (rawTitle || "ChatGPT conversation").slice(0, 200);
  const mapping = record(source?.mapping);
  if (!source) return { title, error: ["not a conversation (expected an object with title, mapping and current_node)"] };
  if (!mapping) return { title, error: ["no mapping: the conversation's messages are missing"] };
  const { nodes, problems } = readNodes(mapping);
  const skipped: string[] = [];
  const kept = new Map<string, Kept>();
  for (const node of nodes.values()) {
    const outcome = readNode(node);
    if (outcome.keep) kept.set(node.id, { ...node, outcome });
    else if (outcome.reason) skipped.push(outcome.reason);
  }
  const parentOf = new Map([...kept.values()].map((node) => [node.id, keptAncestor(node.parent, nodes, kept)]));
  const numbers = numbering(kept, parentOf);
  // Without its own time, a conversation started when its first message was written.
  const times = [...kept.values()].flatMap((node) => (node.outcome.createdAt === null ? [] : [node.outcome.createdAt]));
  const created = secondsOf(source.create_time) ?? (times.length ? Math.min(...times) : 0);
  const messages: MessageRecord[] = [...kept.values()]
    .sort((a, b) => (numbers.get(a.id) ?? 0) - (numbers.get(b.id) ?? 0))
    .map((node) => toMessage(node, { position, numbers, parent: parentOf.get(node.id) ?? null, fallbackTime: created }));
  const notes = [...tally(skipped), ...[...kept.values()].flatMap((node) => node.outcome.notes)];
  if (problems) notes.push(`${problems} unreadable node${problems === 1 ? "" : "s"} of the mapping skipped`);
  const currentNode = typeof source.current_node === "string" ? source.current_node : null;
  const leaf = keptAncestor(currentNode, nodes, kept);
  if (currentNode === null || !nodes.has(currentNode)) notes.push("no current_node: the newest branch is shown");
  const leafId = leaf === null ? (messages.at(-1)?.id ?? null) : (numbers.get(leaf) ?? null);
  const archived = source.is_archived === true ? (secondsOf(source.update_time) ?? created) : null;
  const conversation: ConversationRecord = {
    type: "conversation",
    id: position,
    key,
    context: { kind: "general" },
    title,
    titleSource: rawTitle ? "generated" : "default",
    createdAt: iso(created),
    pinned: false,
    archivedAt: archived === null ? null : iso(archived),
    tags: [],
    summary: null,
    currentLeafId: messages.length ? leafId : null,
  };
  return { title, conversation, messages, notes };
}

function toMessage(
  node: Kept,
  at: { position: number; numbers: Map<string, number>; parent: string | null; fallbackTime: number },
): MessageRecord {
  const time = iso(node.outcome.createdAt ?? at.fallbackTime);
  return {
    type: "message",
    conversationId: at.position,
    id: at.numbers.get(node.id) ?? 0,
    parentId: at.parent === null ? null : (at.numbers.get(at.parent) ?? null),
    role: node.outcome.role,
    content: node.outcome.content,
    status: "complete",
    toolsUsed: [],
    promptTokens: null,
    completionTokens: null,
    aiModel: node.outcome.role === "assistant" ? node.outcome.aiModel : null,
    modelVersion: null,
    runFigures: null,
    error: null,
    createdAt: time,
    completedAt: node.outcome.role === "assistant" ? time : null,
  };
}
