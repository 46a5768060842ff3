export { createTestDatabase, createEmptyTestDatabase, type TestDatabase } from "./test-database.js";
export * from "./factories.js";
export { plantHealthProblems } from "./plant-problems.js";
