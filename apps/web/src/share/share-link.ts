/** Where a share link's page lives: `/s/<token>` on this host. */
export const SHARE_PATH = /^\/s\/([^/]+)\/?$/;

export const shareUrl = (token: string, origin = location.origin) => `${origin}/s/${token}`;

/** The token of a share page's path, or null for any other path. */
export function shareTokenOf(pathname: string): string | null {
  const match = SHARE_PATH.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
