import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import type { ModelVersion } from "../api/types";

/** How often an open model or run conversation looks for edits made elsewhere (another tab, the API). */
const POLL_MS = 5_000;

/** The model's configuration versions, kept fresh while the conversation is open. */
export function useConfigChanges(modelId: number | null): ModelVersion[] {
  const trpc = useTRPC();
  const versions = useQuery({
    ...trpc.models.versions.queryOptions(modelId === null ? skipToken : { modelId }),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
  return versions.data ?? [];
}
