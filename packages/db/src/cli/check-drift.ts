// `pnpm --filter @parley/db drift`: does the database (DATABASE_URL, or the embedded one) match
// schema.prisma? Applies nothing; exits 1 when it finds drift.
import { checkSchemaDrift } from "../drift/check-schema-drift.js";
import { openDatabase } from "../open-database.js";
import { databaseConfig } from "./env.js";

const database = await openDatabase(databaseConfig);
try {
  const { problems } = await checkSchemaDrift(database.sql);
  const where = `${database.kind} at ${database.location}`;
  if (problems.length === 0) {
    console.log(`no drift: ${where} matches prisma/schema.prisma`);
  } else {
    console.error(`${problems.length} difference(s) between ${where} and prisma/schema.prisma:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error("Objects Prisma cannot express belong in packages/db/src/drift/allowlist.ts, with a reason.");
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
