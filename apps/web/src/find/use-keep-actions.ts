import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../api/trpc";
import type { RouterInputs } from "../api/types";
import { useOfferUndo } from "./undo-context";

type BulkAction = RouterInputs["sessions"]["bulk"]["action"];

const pastTense: Record<BulkAction["kind"], string> = {
  delete: "Deleted",
  archive: "Archived",
  unarchive: "Restored",
  pin: "Pinned",
  unpin: "Unpinned",
  addTags: "Tagged",
  removeTags: "Untagged",
};

/** Runs a keep action over conversations, refreshes every list (other tabs hear of it through `sync.events`), offers Undo. */
export function useKeepActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bulk = useMutation(trpc.sessions.bulk.mutationOptions());
  const offerUndo = useOfferUndo();

  async function apply(sessionIds: number[], action: BulkAction, what: string) {
    const done = await bulk.mutateAsync({ sessionIds, action });
    await queryClient.invalidateQueries(trpc.sessions.pathFilter());
    offerUndo({ label: `${pastTense[action.kind]} ${what}`, undoId: done.undoId, until: done.undoUntil });
    return done;
  }

  return { apply, busy: bulk.isPending };
}
