import type { EmptyConversation } from "./empty-conversations.js";
import type { HealthReport } from "./health-checks.js";

const marks = { ok: "[ok]     ", error: "[error]  ", warning: "[warning]", notice: "[notice] " } as const;
const MAX_LINES = 20;

/** The doctor's report: one line per check, the rows it found beneath, then what to do. */
export function formatHealthReport(report: HealthReport): string {
  const out: string[] = [];
  for (const check of report.checks) {
    const found = check.rows.length;
    out.push(`${found === 0 ? marks.ok : marks[check.severity]} ${found} ${check.title}`);
    for (const line of check.lines.slice(0, MAX_LINES)) out.push(`            - ${line}`);
    if (found > MAX_LINES) out.push(`            … and ${found - MAX_LINES} more (--json lists them all)`);
    if (found > 0) out.push(`            ${check.advice}`);
  }
  out.push("");
  if (report.problems === 0) {
    out.push("No problems found.");
  } else {
    const fixable = report.checks.filter((c) => c.fixable && c.severity !== "notice").reduce((n, c) => n + c.rows.length, 0);
    out.push(`${report.problems} problem(s) found.${fixable ? ` \`pnpm run doctor --fix\` can repair ${fixable} of them.` : ""}`);
  }
  return out.join("\n");
}

/** What a cleanup removed, for the doctor's `--fix` and the server's log. */
export function formatCleanup(removed: EmptyConversation[], olderThanHours: number): string {
  if (removed.length === 0) return `removed no empty conversations older than ${olderThanHours} hours`;
  const ids = removed.map((r) => r.id).join(", ");
  return `removed ${removed.length} empty conversation(s) older than ${olderThanHours} hours: ${ids}`;
}
