/**
 * What a complete reply says beside its text when the provider ended it early on purpose; saved
 * as the reply's `error` (its status stays `complete`: the text is what the provider meant to
 * send) and shown under it. Any other ending needs no note.
 */
const NOTES: Record<string, string> = {
  length: "The answer was cut off: it reached the AI provider's length limit",
  content_filter: "The answer was cut off by the AI provider's content filter",
};

export function finishNote(finishReason: string | null): string | null {
  return finishReason === null ? null : (NOTES[finishReason] ?? null);
}
