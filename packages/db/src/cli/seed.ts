// `pnpm seed`: migrates, then adds the demo user, admin, models, runs and conversations once.
import { openMigratedDatabase } from "../open-database.js";
import { demoCredentials, seedDemoData } from "../seed/seed-demo-data.js";
import { databaseConfig } from "./env.js";

const database = await openMigratedDatabase(databaseConfig);
try {
  const { created } = await seedDemoData(database.prisma);
  console.log(created ? "seeded demo data" : "demo data already present; nothing changed");
  const { user, admin } = demoCredentials;
  console.log(`demo login:  ${user.email} / ${user.password}`);
  console.log(`admin login: ${admin.email} / ${admin.password}`);
} finally {
  await database.close();
}
