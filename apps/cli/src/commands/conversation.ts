import { contextOf, requiredId } from "../args.js";
import type { Command, CommandContext } from "../command.js";
import { messageBlock, sessionLine } from "../format.js";
import { chatLoop } from "./chat.js";

async function printHistory({ args, connection, print }: CommandContext, sessionId: number) {
  const page = await connection().client.sessions.messages.query({ sessionId, limit: args.limit ?? 30 });
  const older = page.hasOlder ? `(older messages not shown: --limit ${Math.min(200, (args.limit ?? 30) * 2)} shows more)\n\n` : "";
  const summary = page.summary ? `Summary of earlier messages:\n${page.summary.text}\n\n` : "";
  const body = page.messages.length ? page.messages.map(messageBlock).join("\n") : "(no messages yet)\n";
  print(`${sessionLine(page.session)}\n\n${summary}${older}${body}`.trimEnd(), page);
}

export const show: Command = async (context) => {
  await printHistory(context, requiredId(context.args, "conversation id"));
};

/** Opening a conversation resumes it (it becomes its context's active one), as in the web app. */
export const open: Command = async (context) => {
  const sessionId = requiredId(context.args, "conversation id");
  const { client } = context.connection();
  await client.sessions.resume.mutate({ sessionId });
  await printHistory(context, sessionId);
  if (context.args.json) return 0;
  context.terminal.out("\n");
  return chatLoop(context, client, { sessionId });
};

/** Makes a conversation its context's active one, without opening it. */
export const resume: Command = async ({ args, connection, print }) => {
  const session = await connection().client.sessions.resume.mutate({ sessionId: requiredId(args, "conversation id") });
  print(`Resumed ${sessionLine(session)}.`, session);
};

export const startNew: Command = async ({ args, connection, print }) => {
  const session = await connection().client.sessions.startNew.mutate({ context: contextOf(args) });
  print(`Started ${sessionLine(session)}.`, session);
};

export const remove: Command = async ({ args, connection, print }) => {
  const sessionId = requiredId(args, "conversation id");
  const deleted = await connection().client.sessions.delete.mutate({ sessionId });
  print(`Deleted conversation ${deleted.id} and its messages (undo until ${deleted.undoUntil}: parley undo ${deleted.undoId}).`, deleted);
};
