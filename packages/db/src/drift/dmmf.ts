// The part of Prisma's DMMF datamodel (`get_datamodel` of prisma-schema-wasm) that the drift
// check reads. Field names are Prisma's; anything not listed here is ignored.

export interface DmmfDatamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}

export interface DmmfModel {
  name: string;
  dbName?: string | null;
  schema?: string | null;
  fields: DmmfField[];
}

/** A literal default, or a function such as `{ name: "now", args: [] }`. */
export type DmmfDefault = string | number | boolean | DmmfDefault[] | { name: string; args: unknown[] };

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  /** `[name, args]` of an `@db.*` attribute, e.g. `["VarChar", ["320"]]`. */
  nativeType?: [string, string[]] | null;
  default?: DmmfDefault;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; length?: number; operatorClass?: string }[];
}
