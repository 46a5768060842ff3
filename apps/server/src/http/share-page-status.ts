import { isLiveShare } from "@parley/api";
import type { SqlRunner } from "@parley/db";

const SHARE_PAGE = /^\/s\/([^/]+)\/?$/;

/**
 * The HTTP status of a web-app page: a shared conversation's page (/s/<token>) is 404 once its
 * link is revoked, expired or unknown, read from the database on every request so that a revoke
 * on one instance holds on all at once. Other pages are 200; if the database cannot answer, the
 * page still loads (200) and the app shows the API's own error.
 */
export function sharePageStatus(sql: SqlRunner) {
  return async (path: string): Promise<200 | 404> => {
    const token = SHARE_PAGE.exec(path)?.[1];
    if (token === undefined) return 200;
    const live = await isLiveShare(sql, token).catch(() => true);
    return live ? 200 : 404;
  };
}
