import { randomUUID } from "node:crypto";
import type { ParleyClient, SendInput } from "@parley/client";
import { contextOf } from "../args.js";
import type { Command, CommandContext } from "../command.js";
import { sessionLine } from "../format.js";
import { sendAndShow, type ReplyResult } from "./reply.js";

/** Exit code of a one-shot chat: 130 when the user stopped it, 1 when the reply failed. */
function exitCodeOf(result: ReplyResult): number {
  if (result.interrupted) return 130;
  return result.status === "complete" ? 0 : 1;
}

/** --conversation ID; with --new, a new conversation on the first message; else the context's active one. */
async function chooseTarget({ args, terminal }: CommandContext, client: ParleyClient): Promise<SendInput["target"]> {
  if (args.conversation !== undefined) return { sessionId: args.conversation };
  const context = contextOf(args);
  if (args.new) return { context, idempotencyKey: randomUUID() };
  const active = await client.sessions.active.mutate({ context });
  if (!args.json) terminal.err(`${sessionLine(active)}\n`);
  return { sessionId: active.id };
}

/**
 * Chats in `target`: one message per line of input until the end of input (Ctrl-D) or `/quit`.
 * Ctrl-C during a reply stops it and the loop goes on.
 */
export async function chatLoop(context: CommandContext, client: ParleyClient, target: SendInput["target"]): Promise<number> {
  const { terminal, args } = context;
  if (terminal.interactive) terminal.err("Type a message and press Enter; Ctrl-C stops a reply, Ctrl-D or /quit leaves.\n");
  let current = target;
  for (;;) {
    const line = await terminal.readLine("you> ");
    if (line === null || line.trim() === "/quit") return 0;
    if (!line.trim()) continue;
    try {
      const result = await sendAndShow(client, terminal, { target: current, content: line, json: args.json });
      if (args.json) terminal.out(`${JSON.stringify(result)}\n`);
      current = { sessionId: result.sessionId };
    } catch (error) {
      // A person at the prompt can try again; a script wants the failure as its exit code.
      if (!terminal.interactive) throw error;
      terminal.err(`${(error as Error).message}\n`);
    }
  }
}

export const chat: Command = async (context) => {
  const { args, terminal } = context;
  const { client } = context.connection();
  const target = await chooseTarget(context, client);
  const message = args.positionals.join(" ").trim();
  if (!message) return chatLoop(context, client, target);
  const result = await sendAndShow(client, terminal, { target, content: message, json: args.json });
  if (args.json) terminal.out(`${JSON.stringify(result)}\n`);
  return exitCodeOf(result);
};
