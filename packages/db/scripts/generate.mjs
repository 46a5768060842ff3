import { runPrisma } from "./prisma-cli.mjs";

process.exit(runPrisma(["generate"]));
