import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import type { ModelVersion } from "../api/types";

/**
 * The model's configuration versions. Edits made elsewhere (another tab or device) arrive through
 * `sync.events`, which refetches every models query (sync/use-account-events.ts): every edit goes
 * through `models.update`, which announces it, so the 5 s poll this replaced is not needed.
 */
export function useConfigChanges(modelId: number | null): ModelVersion[] {
  const trpc = useTRPC();
  const versions = useQuery({
    ...trpc.models.versions.queryOptions(modelId === null ? skipToken : { modelId }),
    refetchOnWindowFocus: true,
  });
  return versions.data ?? [];
}
