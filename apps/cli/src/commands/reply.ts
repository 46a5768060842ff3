import { randomUUID } from "node:crypto";
import type { ParleyClient, ReplyEvent, SendInput } from "@parley/client";
import type { Terminal } from "../terminal.js";

export interface ReplyResult {
  sessionId: number;
  messageId: number | null;
  status: "complete" | "stopped" | "failed" | "interrupted" | "none";
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
  error: string | null;
  /** The user pressed Ctrl-C during the reply. */
  interrupted: boolean;
}

/** Shows one event as it arrives: the text on stdout, everything else on stderr. */
function show(terminal: Terminal, event: ReplyEvent) {
  if (event.type === "delta") terminal.out(event.text);
  if (event.type === "tool_call") terminal.err(`\n[looking up ${event.name}]\n`);
  if (event.type === "provider_slow") terminal.err("[the AI provider is slow to answer; still waiting]\n");
  if (event.type === "conversation_deleted") terminal.err("\n[the conversation was deleted]\n");
  if (event.type === "done") {
    terminal.out("\n");
    if (event.status !== "complete") terminal.err(`[${event.status}${event.error ? `: ${event.error}` : ""}]\n`);
    else if (event.error) terminal.err(`[note: ${event.error}]\n`);
  }
}

/**
 * Sends one message and streams its reply. The first Ctrl-C stops the reply on the server
 * (chat.stop: the partial text is kept); a second one leaves at once.
 */
export async function sendAndShow(
  client: ParleyClient,
  terminal: Terminal,
  message: { target: SendInput["target"]; content: string; json: boolean },
): Promise<ReplyResult> {
  const { target, content, json } = message;
  const stream = client.chat.sendAndStream({ target, content, clientMessageId: randomUUID() });
  let interrupted = false;
  const release = terminal.onInterrupt(() => {
    if (interrupted) process.exit(130);
    interrupted = true;
    terminal.err("\n[stopping the reply]\n");
    stream.stop().catch((error: unknown) => terminal.err(`could not stop the reply: ${(error as Error).message}\n`));
  });
  let text = "";
  let done: Extract<ReplyEvent, { type: "done" }> | undefined;
  try {
    for await (const event of stream) {
      if (!json) show(terminal, event);
      if (event.type === "delta") text += event.text;
      if (event.type === "done") done = event;
    }
  } finally {
    release();
  }
  const { session, reply } = await stream.sent;
  return {
    sessionId: session.id,
    messageId: reply?.messageId ?? null,
    status: done?.status ?? "none",
    text,
    usage: done?.usage ?? null,
    error: done?.error ?? null,
    interrupted,
  };
}
