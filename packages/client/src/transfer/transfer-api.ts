import type { RouterInputs, RouterOutputs } from "../types.js";

/** What export and import need of a client: `createParleyClient`'s and `createApiClient`'s both fit. */
export interface TransferApi {
  sessions: {
    exportPage: { query(input: RouterInputs["sessions"]["exportPage"]): Promise<RouterOutputs["sessions"]["exportPage"]> };
    importBatch: { mutate(input: RouterInputs["sessions"]["importBatch"]): Promise<RouterOutputs["sessions"]["importBatch"]> };
  };
}

export type ExportContext = RouterInputs["sessions"]["exportPage"]["context"];
export type ImportItem = RouterOutputs["sessions"]["importBatch"]["items"][number];

/** The first line of an export file (docs/EXPORT_FORMAT.md). */
export const EXPORT_FORMAT = "parley-conversations";
export const EXPORT_VERSION = 1;
