import type { ModelVersion } from "../api/types";
import type { ChatMessage } from "./chat-message";

export type TimelineItem = { kind: "message"; message: ChatMessage } | { kind: "config"; version: ModelVersion };

/**
 * Messages with the configuration changes made while the conversation went on, each change placed
 * before the first message written after it (a change after the last message comes last).
 * Changes older than the conversation's first message are not part of its timeline.
 */
export function interleaveChanges(messages: readonly ChatMessage[], versions: readonly ModelVersion[]): TimelineItem[] {
  const firstAt = messages.find((message) => message.createdAt !== null)?.createdAt ?? null;
  const pending = versions
    .filter((version) => version.version > 1 && firstAt !== null && version.createdAt > firstAt)
    .sort((a, b) => a.version - b.version);
  const items: TimelineItem[] = [];
  for (const message of messages) {
    while (pending[0] && message.createdAt !== null && pending[0].createdAt < message.createdAt) {
      const version = pending.shift();
      if (version) items.push({ kind: "config", version });
    }
    items.push({ kind: "message", message });
  }
  for (const version of pending) items.push({ kind: "config", version });
  return items;
}
