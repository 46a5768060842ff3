import { setTimeout as sleep } from "node:timers/promises";
import type { ChatProvider, CompleteRequest, ProviderChunk, ProviderMessage, StreamRequest } from "./provider.js";
import { describeToolOutcome } from "./offline-tool-report.js";
import { offlineToolStep } from "./offline-tools.js";

export const OFFLINE_NOTICE =
  "_Offline assistant: no AI provider is configured (set `OPENAI_API_KEY`), so this reply is built from the context I was given._";

/** The `## Heading` sections of the system prompt, which is where the context is stated. */
export function promptSections(messages: ProviderMessage[]): Map<string, string> {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const sections = new Map<string, string>();
  for (const part of system.split(/^## /m).slice(1)) {
    const [heading = "", ...body] = part.split("\n");
    sections.set(heading.trim(), body.join("\n").trim());
  }
  return sections;
}

function lastUserText(messages: ProviderMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return message.content;
  }
  return "";
}

const asksAboutConfiguration = /configur|set ?up|settings|rules|permission|allowed|instructions/i;

/** A deterministic answer that shows what context the assistant was given. */
export function offlineAnswer(messages: ProviderMessage[]): string {
  const last = messages.at(-1);
  if (last?.role === "tool") return `${OFFLINE_NOTICE}\n\n${describeToolOutcome(messages, last)}`;
  const sections = promptSections(messages);
  const question = lastUserText(messages);
  const configuration = sections.get("Trading model configuration");
  const run = sections.get("Run");
  const history = messages.filter((m) => m.role === "user" || m.role === "assistant").length - 1;
  const parts = [OFFLINE_NOTICE];
  if (configuration && asksAboutConfiguration.test(question)) {
    parts.push(`This model is configured as follows:\n\n${configuration}`);
  } else {
    parts.push(`You asked: “${question.slice(0, 200)}${question.length > 200 ? "…" : ""}”`);
    if (configuration) parts.push(`We are talking about this model:\n\n${configuration}`);
    else parts.push("This is a general conversation about the platform and trading.");
  }
  if (run) parts.push(`The run under discussion:\n\n${run}`);
  const summary = sections.get("Summary of earlier messages");
  parts.push(
    `I can see ${history} earlier message${history === 1 ? "" : "s"} of this conversation${summary ? " and a summary of older ones" : ""}.`,
  );
  return parts.join("\n\n");
}

function titleFrom(text: string): string {
  const words = text
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
  const title = words.join(" ");
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : "New conversation";
}

/** Streams a deterministic reply word by word, so that the whole mechanism works without a key. */
export function createOfflineProvider(options: { tokenDelayMs?: number } = {}): ChatProvider {
  const tokenDelayMs = options.tokenDelayMs ?? 12;
  return {
    name: "offline",
    offline: true,
    async *stream(request: StreamRequest): AsyncGenerator<ProviderChunk> {
      const toolStep = offlineToolStep(request);
      if (toolStep) {
        yield toolStep;
        return;
      }
      const answer = offlineAnswer(request.messages);
      const tokens = answer.match(/\s*\S+/g) ?? [];
      for (const token of tokens) {
        request.signal.throwIfAborted();
        if (tokenDelayMs > 0) await sleep(tokenDelayMs, undefined, { signal: request.signal });
        yield { type: "text", text: token };
      }
      yield { type: "usage", promptTokens: JSON.stringify(request.messages).length >> 2, completionTokens: tokens.length };
    },
    async complete(request: CompleteRequest) {
      const instruction = request.messages.find((m) => m.role === "system")?.content ?? "";
      const input = lastUserText(request.messages);
      const text = /title/i.test(instruction)
        ? titleFrom(input)
        : `Earlier in this conversation (offline summary): ${input.replace(/\s+/g, " ").slice(0, 600)}`;
      // No provider, no bill: like its replies (AI model "offline"), it is priced at nothing known.
      return { text, usage: null };
    },
  };
}
