import OpenAI, { type ClientOptions } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ScriptedOpenAI } from "./server.js";

/** The real SDK pointed at the scripted server; no retries unless a test asks for them. */
export function clientFor(server: ScriptedOpenAI, options: ClientOptions = {}): OpenAI {
  return new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0, ...options });
}

export const USER_HELLO = [{ role: "user" as const, content: "Hello" }];

export async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

export function contentOf(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
}

/** Iterates until the stream fails; returns what arrived and the error (undefined if it ended cleanly). */
export async function collectUntilError(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}
