import { createJobRunner, createOpenAIProvider } from "@parley/api";
import { messageText, startScriptedOpenAI, type ChatMessage, type ChatRequestBody, type ScriptedOpenAI } from "@parley/scripted-openai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type ApiClient, type TestServer } from "../harness.js";
import { collectStream } from "../streaming-support.js";

// Random send / regenerate / edit / switch / stop / retry sequences, on top of a history long
// enough to be summarized: every streamed provider request must carry exactly the messages on the
// path from the first message to the reply's parent (the summary's labels, then the verbatim
// ones), nothing missing, nothing twice, nothing from another branch. The tree is modelled here,
// from what the procedures answered; the texts are read back from the database.

let scripted: ScriptedOpenAI;
let server: TestServer;
/** What the next streamed requests do; by default answer `a<n>`. */
const behaviours: Array<"slow" | "fail"> = [];
let answers = 0;

const labelsIn = (text: string) => text.match(/\b[qa]\d+\b/g) ?? [];
const textOf = (message: ChatMessage | undefined) => (message ? messageText(message) : "");

beforeAll(async () => {
  scripted = await startScriptedOpenAI({
    respond: (request) => {
      const messages = request.body.messages;
      if (!request.body.stream) {
        const summary = /Summarize/.test(textOf(messages[0]));
        return { kind: "text", text: summary ? `covers ${labelsIn(textOf(messages.at(-1))).join(" ")}` : "A title" };
      }
      const behaviour = behaviours.shift();
      if (behaviour === "fail") return { kind: "error", status: 400, message: "refused" };
      const text = `a${++answers} `;
      return behaviour === "slow" ? { kind: "text", text: text + "x ".repeat(400), chunkSize: 8, delayMs: 15 } : { kind: "text", text };
    },
  });
  const provider = createOpenAIProvider({ apiKey: "k", baseURL: scripted.url, maxRetries: 0, requestTimeoutMs: 5_000 });
  server = await startTestServer({ provider, engine: { jobs: createJobRunner({ retryDelaysMs: [] }) } });
});
afterAll(async () => {
  await server?.stop();
  await scripted?.close();
});

interface Tree {
  parents: Map<number, number | null>;
  leaf: number | null;
}

function pathTo(tree: Tree, id: number | null): number[] {
  const path: number[] = [];
  for (let at = id; at !== null; at = tree.parents.get(at) ?? null) path.unshift(at);
  return path;
}

function newestBelow(tree: Tree, id: number): number {
  let newest = id;
  for (const candidate of tree.parents.keys()) if (candidate > newest && pathTo(tree, candidate).includes(id)) newest = candidate;
  return newest;
}

type Op =
  | { kind: "send" }
  | { kind: "stop" }
  | { kind: "failing" }
  | { kind: "retry" }
  | { kind: "regenerate"; pick: number }
  | { kind: "edit"; pick: number }
  | { kind: "switch"; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom<Op>({ kind: "send" }, { kind: "stop" }, { kind: "failing" }, { kind: "retry" }),
  fc.record({ kind: fc.constant("regenerate" as const), pick: fc.nat(1_000) }),
  fc.record({ kind: fc.constant("edit" as const), pick: fc.nat(1_000) }),
  fc.record({ kind: fc.constant("switch" as const), pick: fc.nat(1_000) }),
);

/** Runs one op against the server and the model; the reply it started, if any. */
async function apply(api: ApiClient, sessionId: number, tree: Tree, op: Op, question: string): Promise<number | null> {
  const shown = pathTo(tree, tree.leaf);
  const leaf = tree.leaf;
  const roleOf = async (id: number) => (await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id } })).role;
  const onPath = async (role: "user" | "assistant", pick: number) => {
    const candidates = [];
    for (const id of shown) if ((await roleOf(id)) === role) candidates.push(id);
    return candidates[pick % candidates.length];
  };
  if (op.kind === "send" || op.kind === "stop" || op.kind === "failing") {
    if (op.kind !== "send") behaviours.push(op.kind === "stop" ? "slow" : "fail");
    const sent = await api.chat.send.mutate({ target: { sessionId }, content: question });
    const replyId = sent.reply?.messageId ?? -1;
    tree.parents.set(sent.message.id, sent.message.parentId).set(replyId, sent.message.id);
    tree.leaf = replyId;
    if (op.kind === "stop") await stopAfterFirstDelta(api, sessionId, replyId);
    return replyId;
  }
  if (leaf === null) return null;
  if (op.kind === "retry") {
    const last = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: leaf } });
    if (last.role !== "assistant" || !["failed", "stopped"].includes(last.status)) return null;
    return (await api.chat.retry.mutate({ messageId: last.id })).reply.messageId;
  }
  if (op.kind === "switch") {
    const id = shown[op.pick % shown.length] ?? leaf;
    const siblings = [...tree.parents].filter(([, parent]) => parent === tree.parents.get(id)).map(([sibling]) => sibling);
    const target = siblings[op.pick % siblings.length] ?? id;
    const { leafId } = await api.chat.switchBranch.mutate({ messageId: target });
    tree.leaf = newestBelow(tree, target);
    expect(leafId).toBe(tree.leaf);
    return null;
  }
  const from = await onPath(op.kind === "edit" ? "user" : "assistant", op.pick);
  if (from === undefined) return null;
  const started =
    op.kind === "edit"
      ? await api.chat.edit.mutate({ messageId: from, content: question })
      : await api.chat.regenerate.mutate({ messageId: from });
  tree.parents.set(started.message.id, started.message.parentId);
  if (op.kind === "edit") tree.parents.set(started.reply.messageId, started.message.id);
  tree.leaf = started.reply.messageId;
  return started.reply.messageId;
}

async function stopAfterFirstDelta(api: ApiClient, sessionId: number, replyId: number) {
  await collectStream(api, { sessionId, replyId }, (event) => event.type === "delta" && event.messageId === replyId);
  await api.chat.stop.mutate({ sessionId });
}

/** The labels a streamed request carries: the summary's, then the verbatim messages'. */
function carried(body: ChatRequestBody): string[] {
  const messages = body.messages;
  const summary = textOf(messages[0]).split("## Summary of earlier messages\n")[1] ?? "";
  return [...labelsIn(summary), ...messages.slice(1).flatMap((m) => labelsIn(textOf(m)).slice(0, 1))];
}

async function expectedLabels(tree: Tree, replyId: number): Promise<string[]> {
  const path = pathTo(tree, tree.parents.get(replyId) ?? null);
  const rows = await server.database.prisma.chatMessage.findMany({ where: { id: { in: path } }, select: { id: true, content: true } });
  const content = new Map(rows.map((row) => [row.id, row.content]));
  return path.flatMap((id) => labelsIn(content.get(id) ?? "").slice(0, 1));
}

/** A conversation of `exchanges` questions and answers written directly, labelled like the rest. */
async function longHistory(userId: string, sessionId: number, exchanges: number): Promise<Tree> {
  const data = Array.from({ length: exchanges }, (_, n) => [`q${1000 + n}`, `a${1000 + n}`])
    .flat()
    .map((content, i) => ({ sessionId, userId, role: i % 2 ? ("assistant" as const) : ("user" as const), content }));
  await server.database.prisma.chatMessage.createMany({ data });
  const rows = await server.database.prisma.chatMessage.findMany({
    where: { sessionId },
    select: { id: true, parentId: true },
    orderBy: { id: "asc" },
  });
  return { parents: new Map(rows.map((row) => [row.id, row.parentId])), leaf: rows.at(-1)?.id ?? null };
}

describe("the provider is told exactly the shown branch", () => {
  it("after every random send, regenerate, edit, switch, stop and retry", async () => {
    let questions = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.array(opArbitrary, { minLength: 3, maxLength: 8 }), async (exchanges, ops) => {
        const { api, user } = await server.signUp();
        const session = await api.sessions.active.mutate({ context: { kind: "general" } });
        const tree = await longHistory(user.id, session.id, exchanges);
        for (const op of ops) {
          const requestsBefore = scripted.requests.filter((r) => (r.body as ChatRequestBody).stream).length;
          const replyId = await apply(api, session.id, tree, op, `q${++questions}`);
          // Search reads off_branch: exactly the shown branch's messages are not off it.
          const shownRows = await server.database.prisma.chatMessage.findMany({
            where: { sessionId: session.id, offBranch: false },
            select: { id: true },
            orderBy: { id: "asc" },
          });
          expect(
            shownRows.map((row) => row.id),
            `${op.kind}: off_branch`,
          ).toEqual(pathTo(tree, tree.leaf));
          if (replyId === null) continue;
          await collectStream(api, { sessionId: session.id, replyId });
          await server.chat.jobs.idle();
          const streamed = scripted.requests.filter((r) => (r.body as ChatRequestBody).stream).slice(requestsBefore);
          expect(streamed).toHaveLength(1);
          const [request] = streamed;
          if (request) expect(carried(request.body as ChatRequestBody), `${op.kind}`).toEqual(await expectedLabels(tree, replyId));
          const page = await api.sessions.messages.query({ sessionId: session.id, limit: 200 });
          expect(page.messages.map((m) => m.id)).toEqual(pathTo(tree, tree.leaf).slice(-200));
        }
        behaviours.length = 0;
      }),
      // One example past the summary threshold on top of the random runs, so the summary's side
      // of the rule is exercised whatever the seed draws.
      { numRuns: 6, examples: [[40, [{ kind: "send" }, { kind: "send" }, { kind: "regenerate", pick: 0 }]]] },
    );
    // The long histories were summarized, so the summary's side of the rule was exercised too.
    const bodies = scripted.requests.map((r) => r.body as ChatRequestBody);
    expect(bodies.some((body) => body.stream && /## Summary of earlier messages/.test(textOf(body.messages[0])))).toBe(true);
  }, 600_000);
});
