import { listFirstPageStatement, searchInput, searchStatement } from "@parley/api/testing";
import type { Prisma } from "@parley/db";
import type { Caller } from "../conversation-api/server.js";
import type { SearchSeeded } from "./seed.js";

/** One measured call: the procedure in-process, and the statement it runs, bare. */
export interface SearchCase {
  name: string;
  kind: "search" | "list";
  viaCaller(caller: Caller): Promise<unknown>;
  sql: Prisma.Sql;
}

/** Words by frequency rank (see seed.ts): rank 100 is in ~1 % of messages, ranks 5+20+50 together in a few dozen. */
const ONE_WORD_RANK = 100;
const THREE_WORD_RANKS = [5, 20, 50];

export function searchCases(seeded: SearchSeeded): SearchCase[] {
  const word = (rank: number) => seeded.words[rank - 1] ?? "";
  const oneWord = word(ONE_WORD_RANK);
  const threeWords = THREE_WORD_RANKS.map(word).join(" ");
  const modelScope = { kind: "model", modelId: seeded.modelIds[0] ?? 0 } as const;
  const owner = { userId: seeded.userId };
  const search = (name: string, input: object): SearchCase => {
    const parsed = searchInput.parse(input);
    return { name, kind: "search", viaCaller: (caller) => caller.sessions.search(parsed), sql: searchStatement(owner, parsed, "tables") };
  };
  return [
    search(`search, one word ("${oneWord}")`, { query: oneWord }),
    search("search, three words", { query: threeWords }),
    search("search, one word, one model", { query: oneWord, scope: modelScope }),
    search("search, three words, one model", { query: threeWords, scope: modelScope }),
    {
      name: "sessions.list, first page of 50",
      kind: "list",
      viaCaller: (caller) => caller.sessions.list({ limit: 50 }),
      sql: listFirstPageStatement(seeded.userId, 50),
    },
    {
      name: "sessions.list, archived, first 50",
      kind: "list",
      viaCaller: (caller) => caller.sessions.list({ limit: 50, archived: true }),
      sql: listFirstPageStatement(seeded.userId, 50, true),
    },
  ];
}
