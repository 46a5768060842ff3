import { readText, writeText } from "../lib/storage";

// Drafts live in localStorage per user and conversation (or context, before the conversation
// exists), so a message being typed survives a reload and an expired session.
export function draftKey(userId: string, place: string): string {
  return `parley.draft.${userId}.${place}`;
}

export const readDraft = (key: string) => readText(key);
export const writeDraft = (key: string, text: string) => writeText(key, text);
