import { requiredId, UsageError } from "../args.js";
import type { Command } from "../command.js";
import { table, when } from "../format.js";

/** Where the web app shows a shared conversation: `/s/<token>` on the server's own address. */
const shareUrl = (serverUrl: string, token: string) => `${serverUrl.replace(/\/+$/, "")}/s/${token}`;

/**
 * `share ID [--expires DAYS] [--with-settings] [--signed-in-only]` makes a read-only link and
 * prints it (the only time it can be seen: the server keeps its hash), with the model's
 * configuration when asked, for signed-in readers only when asked;
 * `--list` shows the conversation's links; `--revoke` revokes
 * every live one, refused from the next view on.
 */
export const share: Command = async ({ args, url, connection, print }) => {
  const conversationId = requiredId(args, "conversation ID");
  const creating = args.expires !== undefined || args.withSettings || args.signedInOnly;
  if ([args.revoke, args.list, creating].filter(Boolean).length > 1) {
    throw new UsageError(
      "share takes --list, --revoke, or options of a new link (--expires, --with-settings, --signed-in-only), not several",
    );
  }
  const api = connection().client.shares;
  if (args.revoke || args.list) {
    const links = await api.list.query({ conversationId });
    if (args.list) {
      const rows = links.map((s) => [
        s.id,
        `${s.tokenPrefix}…`,
        when(s.createdAt),
        String(s.messageCount),
        s.includesModelSettings ? "yes" : "",
        s.viewers === "signed-in" ? "signed in" : "anyone",
        s.expiresAt ? when(s.expiresAt) : "never",
        s.revokedAt ? "revoked" : "",
      ]);
      print(
        links.length
          ? table(["ID", "LINK", "CREATED", "MESSAGES", "SETTINGS", "READERS", "EXPIRES", ""], rows)
          : "No links to this conversation.",
        links,
      );
      return;
    }
    const revoked = [];
    for (const link of links.filter((s) => s.revokedAt === null)) revoked.push(await api.revoke.mutate({ shareId: link.id }));
    print(revoked.length ? `Revoked ${revoked.length} link(s): refused from the next view on.` : "No live links to revoke.", revoked);
    return;
  }
  const created = await api.create.mutate({
    conversationId,
    ...(args.expires === undefined ? {} : { expiresInDays: args.expires }),
    ...(args.withSettings ? { includeModelSettings: true } : {}),
    ...(args.signedInOnly ? { viewers: "signed-in" as const } : {}),
  });
  const link = shareUrl(url, created.token);
  const expiry = created.share.expiresAt ? `, until ${when(created.share.expiresAt)}` : "";
  const settings = created.share.includesModelSettings ? ", with the model's settings" : "";
  const readers = created.share.viewers === "signed-in" ? " for signed-in users only" : "";
  print(
    `${link}\n\nRead-only${readers}, ${created.share.messageCount} messages as they are now${settings}${expiry}. This is the only time the link is shown.`,
    {
      ...created,
      url: link,
    },
  );
};
