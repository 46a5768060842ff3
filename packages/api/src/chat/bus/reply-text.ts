import type { StreamedEvent } from "../events.js";

/**
 * The text a reply's viewers were shown: its deltas from its `reply_started` on. Null when the
 * events no longer reach back to that start (trimmed, dropped after the grace period), since
 * then a part of the text is missing.
 */
export function publishedReplyText(events: readonly StreamedEvent[], messageId: number): string | null {
  const start = events.findIndex(({ event }) => event.type === "reply_started" && event.messageId === messageId);
  if (start === -1) return null;
  let text = "";
  for (let index = start + 1; index < events.length; index++) {
    const event = events[index]?.event;
    if (event?.type === "delta" && event.messageId === messageId) text += event.text;
  }
  return text;
}
