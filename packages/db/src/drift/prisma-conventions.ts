import type { ReferentialAction } from "./db-schema.js";

// PostgreSQL keeps 63 bytes of an identifier. Prisma shortens its default names to fit by
// cutting the table-and-columns part, never the suffix (psl's ConstraintNames).
const IDENTIFIER_LIMIT = 63;

function withSuffix(base: string, suffix: string): string {
  const room = IDENTIFIER_LIMIT - suffix.length;
  return `${base.length >= room ? base.slice(0, room) : base}${suffix}`;
}

export function primaryKeyName(table: string): string {
  return withSuffix(table, "_pkey");
}

export function indexName(table: string, columns: string[], unique: boolean): string {
  return withSuffix(`${table}_${columns.join("_")}`, unique ? "_key" : "_idx");
}

export function foreignKeyName(table: string, columns: string[]): string {
  return withSuffix(`${table}_${columns.join("_")}`, "_fkey");
}

const ACTIONS: Record<string, ReferentialAction> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/**
 * Prisma's referential actions when the schema names none: ON UPDATE CASCADE, and ON DELETE
 * SET NULL for an optional relation but RESTRICT for a required one.
 */
export function referentialActions(
  relation: { relationOnDelete?: string; relationOnUpdate?: string },
  optional: boolean,
): { onDelete: ReferentialAction; onUpdate: ReferentialAction } {
  return {
    onDelete: toSql(relation.relationOnDelete ?? (optional ? "SetNull" : "Restrict")),
    onUpdate: toSql(relation.relationOnUpdate ?? "Cascade"),
  };
}

function toSql(action: string): ReferentialAction {
  const sql = ACTIONS[action];
  if (!sql) throw new Error(`unknown referential action ${action}`);
  return sql;
}
