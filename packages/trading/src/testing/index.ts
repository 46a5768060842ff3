export { blotter, marksOf, seededRandom, signedNotionalBySymbol, type FillLine } from "./factories.js";
export { randomRun, type RandomRunOptions } from "./random-run.js";
export { tenFillRun } from "./ten-fill-run.js";
