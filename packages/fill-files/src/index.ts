export {
  parseFillFile,
  fillFormats,
  fillFormatNames,
  FillFileError,
  type ColumnMapping,
  type CsvFormatName,
  type FillFormatName,
  type ParsedRow,
  type ParseOptions,
} from "./parse-fill-file.js";
export { detectFillFormat, isJsonFillFile, genericColumns, readFileHead, type FileHead } from "./detect-format.js";
export { csvRecords, CsvSyntaxError, type CsvRecord } from "./csv-records.js";
export { scanFillFile, type FileScan } from "./scan-fill-file.js";
export { jsonFillFields } from "./json-fill.js";
export { batchFills } from "./batch-fills.js";
export { MAX_FILLS_PER_BATCH, runKinds } from "@parley/api/run-schemas";
