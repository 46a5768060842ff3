// One shape for both sides of the comparison: what schema.prisma implies (expected-schema.ts)
// and what the database holds (introspect-*.ts). Names are database names throughout.

export interface DbSchema {
  tables: Map<string, TableShape>;
  /** Enum type name -> labels in order. */
  enums: Map<string, string[]>;
}

export interface TableShape {
  name: string;
  columns: Map<string, ColumnShape>;
  primaryKey: KeyShape | null;
  /** Every index except the primary key's, by name. */
  indexes: Map<string, IndexShape>;
  foreignKeys: Map<string, ForeignKeyShape>;
}

export interface ColumnShape {
  /** As PostgreSQL's format_type() prints it, e.g. `character varying(200)`, `order_type[]`. */
  type: string;
  nullable: boolean;
  /** Canonical form (see default-values.ts), or null for no default. */
  default: string | null;
}

export interface KeyShape {
  name: string;
  columns: string[];
}

export interface IndexShape {
  name: string;
  unique: boolean;
  /** Access method: btree, hash, gin, ... */
  method: string;
  /** Key columns as `name [DESC] [NULLS FIRST|LAST]` (null order only when not the default). */
  columns: string[];
  /** Partial, expression or INCLUDE index: something no Prisma index is. */
  beyondPrisma: boolean;
}

/** PostgreSQL's words: CASCADE, RESTRICT, NO ACTION, SET NULL, SET DEFAULT. */
export type ReferentialAction = "CASCADE" | "RESTRICT" | "NO ACTION" | "SET NULL" | "SET DEFAULT";

export interface ForeignKeyShape {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export type ObjectKind =
  | "table"
  | "column"
  | "enum"
  | "index"
  | "foreign key"
  | "check constraint"
  | "exclusion constraint"
  | "row level security"
  | "policy"
  | "trigger"
  | "function"
  | "view"
  | "sequence";

/** A database object by kind and name; `table` for objects that belong to one. */
export interface ObjectRef {
  kind: ObjectKind;
  name: string;
  table?: string;
}

/** What differs, and what the database has beyond schema.prisma (for the allowlist to judge). */
export interface Comparison {
  problems: string[];
  extras: ObjectRef[];
}

export function describeObject(ref: ObjectRef): string {
  if (ref.kind === "column") return `column ${ref.table ?? "?"}.${ref.name}`;
  return ref.table ? `${ref.kind} ${ref.name} on ${ref.table}` : `${ref.kind} ${ref.name}`;
}

export function objectKey(ref: ObjectRef): string {
  return `${ref.kind}|${ref.table ?? ""}|${ref.name}`;
}

export function indexColumn(name: string, descending: boolean, nullsFirst = descending): string {
  const order = descending ? " DESC" : "";
  const nulls = nullsFirst === descending ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST";
  return `${name}${order}${nulls}`;
}
