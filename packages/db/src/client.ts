// The generated client, re-exported so that no other package reaches into generated code.
export { PrismaClient, Prisma } from "./generated/prisma/client.js";
export type * from "./generated/prisma/models.js";
export * from "./generated/prisma/enums.js";
