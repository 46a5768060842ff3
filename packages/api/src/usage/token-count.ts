import type { ProviderMessage, ToolCall, ToolSpec } from "../chat/providers/provider.js";
import type { TokenUsage } from "./prices.js";

// When a provider's answer carries no usage (an OpenAI-compatible server that ignores
// `stream_options.include_usage`, a stream cut before its last chunk), the tokens are counted
// here with gpt-tokenizer, OpenAI's own BPE encodings in plain JavaScript. The encodings are
// loaded on first use only (o200k_base: about 0.5 s and 2.4 MB of JavaScript on this machine),
// never in the web bundle. The chat framing follows OpenAI's published recipe (3 tokens per
// message, 3 to prime the reply); tool definitions are counted as their JSON text, which the
// provider frames differently: the prompt figure is then an estimate within a few percent.

type Counter = (text: string) => number;

const loaded = new Map<string, Promise<Counter>>();

function encodingFor(aiModel: string): "o200k_base" | "cl100k_base" {
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d)/.test(aiModel) ? "o200k_base" : "cl100k_base";
}

/** The token counter for an AI model's encoding (cl100k_base for models it does not know). */
export function tokenCounter(aiModel: string): Promise<Counter> {
  const encoding = encodingFor(aiModel);
  let counter = loaded.get(encoding);
  if (!counter) {
    counter =
      encoding === "o200k_base"
        ? import("gpt-tokenizer/encoding/o200k_base").then((module) => (text: string) => module.countTokens(text))
        : import("gpt-tokenizer/encoding/cl100k_base").then((module) => (text: string) => module.countTokens(text));
    loaded.set(encoding, counter);
  }
  return counter;
}

const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

function callsText(calls: readonly ToolCall[]): string {
  return calls.map((call) => `${call.name}${call.arguments}`).join("");
}

function messageText(message: ProviderMessage): string {
  if (message.role === "assistant") return `${message.content ?? ""}${callsText(message.toolCalls ?? [])}`;
  return message.content;
}

/** The prompt's tokens: every message with its framing, plus the tool definitions. */
export async function countPromptTokens(aiModel: string, messages: readonly ProviderMessage[], tools: readonly ToolSpec[] = []) {
  const count = await tokenCounter(aiModel);
  let total = REPLY_PRIMING;
  for (const message of messages) total += PER_MESSAGE + count(message.role) + count(messageText(message));
  if (tools.length) total += count(JSON.stringify(tools));
  return total;
}

/** The completion's tokens: its text and the tool calls it made. */
export async function countCompletionTokens(aiModel: string, text: string, calls: readonly ToolCall[] = []) {
  const count = await tokenCounter(aiModel);
  return count(text) + (calls.length ? count(callsText(calls)) : 0);
}

/** Both counts for one provider request whose answer reported no usage. */
export async function countUsage(
  aiModel: string,
  request: { messages: readonly ProviderMessage[]; tools?: readonly ToolSpec[] | undefined },
  answer: { text: string; calls?: readonly ToolCall[] },
): Promise<TokenUsage> {
  return {
    promptTokens: await countPromptTokens(aiModel, request.messages, request.tools ?? []),
    completionTokens: await countCompletionTokens(aiModel, answer.text, answer.calls ?? []),
  };
}
