import { AlertIcon } from "../ui/icons";

/** The open conversation was deleted elsewhere: it stays readable until the reader leaves it. */
export function ConversationDeletedBanner() {
  return (
    <div className="banner banner-warning" role="status" data-testid="conversation-deleted-banner">
      <AlertIcon />
      <span>
        <strong>This conversation was deleted</strong> in another tab or app. A message you send here can go into a new conversation.
      </span>
    </div>
  );
}
