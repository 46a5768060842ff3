// The generated client, re-exported so that no other package reaches into generated code.
export * from "./generated/prisma/client.js";
export * from "./generated/prisma/enums.js";
