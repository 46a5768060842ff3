export { parseFillFile, fillFormats, FillFileError, type FillFormatName, type ParsedRow, type ParseOptions } from "./parse-fill-file.js";
export { scanFillFile, type FileScan } from "./scan-fill-file.js";
export { batchFills } from "./batch-fills.js";
export { MAX_FILLS_PER_BATCH, runKinds } from "@parley/api/run-schemas";
