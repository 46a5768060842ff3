import { AlertIcon } from "../ui/icons";

export function ModelDeletedBanner() {
  return (
    <div className="banner banner-warning" role="status" data-testid="model-deleted-banner">
      <AlertIcon />
      <span>
        <strong>Model deleted.</strong> This conversation is read-only.
      </span>
    </div>
  );
}
