// Made-up words of three syllables (the English stemmer leaves them whole), so that each
// word's frequency is known by its rank: messages draw words with a skew toward the first ones.

const consonants = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "h"];
const vowels = ["a", "e", "i", "o", "u"];
const syllables = consonants.flatMap((c) => vowels.map((v) => c + v));

export const VOCABULARY_SIZE = 3000;

/** `VOCABULARY_SIZE` distinct words, spread over the syllable space by a step coprime with it. */
export function vocabulary(): string[] {
  const space = syllables.length ** 3;
  const words: string[] = [];
  for (let i = 0; words.length < VOCABULARY_SIZE; i++) {
    const n = (i * 7919) % space;
    const s = syllables.length;
    words.push(`${syllables[n % s]}${syllables[Math.floor(n / s) % s]}${syllables[Math.floor(n / s / s) % s]}`);
  }
  return words;
}
