import { Link } from "react-router";
import { EmptyState } from "./EmptyState";
import { AlertIcon } from "./icons";

/** One friendly page for a missing id and someone else's id: the API answers both alike. */
export function NotFound({ what = "page" }: { what?: string }) {
  return (
    <div className="page-center" data-testid="not-found">
      <EmptyState
        icon={<AlertIcon />}
        title={`This ${what} doesn't exist`}
        action={
          <Link className="btn btn-primary" to="/">
            Back to your conversations
          </Link>
        }
      >
        It may have been deleted, or the link may be mistyped.
      </EmptyState>
    </div>
  );
}
