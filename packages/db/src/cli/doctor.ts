// `pnpm run doctor [--fix] [--json] [--stuck-minutes N]`: the spec's health checks against
// DATABASE_URL (or the embedded database). Exit code 0: no problems (notices do not count);
// 1: problems found; 2: the checks could not run. `--fix` first deletes what is safe to delete
// (empty conversations older than 24 hours) and reports the state after it.
import { parseArgs } from "node:util";
import { openDatabase } from "../open-database.js";
import { deleteEmptyConversations, EMPTY_CONVERSATION_MAX_AGE_HOURS, type EmptyConversation } from "../operations/empty-conversations.js";
import { formatCleanup, formatHealthReport } from "../operations/format-report.js";
import { runHealthChecks } from "../operations/health-checks.js";
import { databaseConfig } from "./env.js";

const usage = `usage: pnpm run doctor [--fix] [--json] [--stuck-minutes N]
  --fix              delete empty conversations older than ${EMPTY_CONVERSATION_MAX_AGE_HOURS} hours, then check
  --json             print the report as JSON
  --stuck-minutes N  a reply streaming for longer than N minutes is stuck (default 15)`;

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        fix: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        "stuck-minutes": { type: "string", default: "15" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    const stuckAfterMinutes = Number(values["stuck-minutes"]);
    if (!Number.isFinite(stuckAfterMinutes) || stuckAfterMinutes < 0) throw new Error("--stuck-minutes takes a number of minutes");
    return { fix: values.fix, json: values.json, help: values.help, stuckAfterMinutes };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

const options = readOptions();
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const database = await openDatabase(databaseConfig);
try {
  const where = `${database.kind} at ${database.location}`;
  let removed: EmptyConversation[] | null = null;
  // The owner's connection: row-level security does not hide other users' rows from it.
  if (options.fix) removed = await deleteEmptyConversations(database.prisma);
  const report = await runHealthChecks(database.prisma, { stuckAfterMinutes: options.stuckAfterMinutes });
  if (options.json) {
    const about = { kind: database.kind, location: database.location };
    console.log(JSON.stringify({ database: about, fixed: removed && { removed }, ...report }, null, 2));
  } else {
    console.log(`Parley doctor: ${where}\n`);
    if (removed) console.log(`fixed: ${formatCleanup(removed, EMPTY_CONVERSATION_MAX_AGE_HOURS)}\n`);
    console.log(formatHealthReport(report));
  }
  process.exitCode = report.problems > 0 ? 1 : 0;
} catch (error) {
  // Scripts reading --json get JSON either way.
  if (options.json)
    console.log(JSON.stringify({ database: { kind: database.kind, location: database.location }, error: (error as Error).message }));
  console.error(`doctor could not check ${database.kind} at ${database.location}: ${(error as Error).message}`);
  console.error("Is the database migrated? `pnpm migrate` applies the migrations.");
  process.exitCode = 2;
} finally {
  await database.close();
}
