import type { Reader } from "../../db/read-as-user.js";
import type { SearchHit, SearchInput } from "./schemas.js";
import { searchStatement, type SearchOwner } from "./search-query.js";
import { snippetParts } from "./snippet.js";

interface RawHit {
  session_id: number;
  message_id: number | null;
  at: Date;
  role: "user" | "assistant" | null;
  session_title: string;
  model_id: number | null;
  run_id: number | null;
  is_pinned: boolean;
  archived: boolean;
  tags: string[];
  model_name: string | null;
  snippet: string;
}

function toHit(raw: RawHit): SearchHit {
  return {
    sessionId: raw.session_id,
    messageId: raw.message_id,
    role: raw.role,
    title: raw.session_title,
    modelId: raw.model_id,
    runId: raw.run_id,
    modelName: raw.model_name,
    isPinned: raw.is_pinned,
    archived: raw.archived,
    tags: raw.tags,
    snippet: snippetParts(raw.snippet),
    at: raw.at.toISOString(),
  };
}

/**
 * One page of hits. A query of only stop words or punctuation matches nothing, as it should.
 * `matching`: "own" for the signed-in user's own search, "tables" for an admin's (see searchStatement).
 */
export async function searchConversations(reader: Reader, owner: SearchOwner, input: SearchInput, matching: "own" | "tables") {
  const rows = await reader.query<RawHit>(searchStatement(owner, input, matching));
  return { hits: rows.slice(0, input.limit).map(toHit), hasMore: rows.length > input.limit };
}
