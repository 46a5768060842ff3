export { createTestDatabase, createEmptyTestDatabase, type TestDatabase } from "./test-database.js";
export * from "./factories.js";
export { plantHealthProblems } from "./plant-problems.js";
export { insertFills, insertMarks, storedFills, storedMarks } from "./trading-data.js";
// Trading test data (packages/trading's own), for the packages and apps that store it.
export { blotter, marksOf, randomRun, tenFillRun, type RandomRunOptions } from "@parley/trading/testing";
// And packages/trading's reference figures, for apps that check what they show against them.
export { runOverview } from "@parley/trading";
export { childEnvironment, testDatabaseAdminUrl, testRedisUrl, withProductionNodeEnv } from "./env.js";
