import type { SqlRunner } from "../sql-runner.js";
import type { ReferentialAction, TableShape } from "./db-schema.js";
import { indexColumn } from "./db-schema.js";
import { USER_TABLES } from "./catalog-scope.js";

interface ConstraintRow {
  table_name: string;
  name: string;
  type: "p" | "f";
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
}

const attributeNames = (keys: string, table: string) =>
  `(SELECT json_agg(a.attname ORDER BY key.ord) FROM unnest(${keys}) WITH ORDINALITY key(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = key.attnum)`;

const CONSTRAINTS = `
SELECT c.relname AS table_name, con.conname AS name, con.contype AS type,
       ${attributeNames("con.conkey", "con.conrelid")} AS columns,
       r.relname AS referenced_table, ${attributeNames("con.confkey", "con.confrelid")} AS referenced_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_class r ON r.oid = con.confrelid
 WHERE ${USER_TABLES} AND con.contype IN ('p', 'f')`;

interface IndexRow {
  table_name: string;
  name: string;
  unique: boolean;
  method: string;
  beyond_prisma: boolean;
  /** `option` is pg_index.indoption: bit 1 = DESC, bit 2 = NULLS FIRST. */
  columns: { name: string | null; option: number }[];
}

// Primary keys are read as constraints; an exclusion constraint's index is its constraint's.
const INDEXES = `
SELECT c.relname AS table_name, i.relname AS name, x.indisunique AS unique, am.amname AS method,
       (x.indpred IS NOT NULL OR x.indexprs IS NOT NULL OR x.indnatts > x.indnkeyatts) AS beyond_prisma,
       (SELECT json_agg(json_build_object('name', a.attname, 'option', x.indoption[k.ord - 1]) ORDER BY k.ord)
          FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
         WHERE k.ord <= x.indnkeyatts) AS columns
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
  JOIN pg_am am ON am.oid = i.relam
 WHERE ${USER_TABLES} AND NOT x.indisprimary AND NOT x.indisexclusion`;

const ACTIONS: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** Adds primary keys, foreign keys and indexes to the tables read from the catalog. */
export async function readKeys(sql: SqlRunner, tables: Map<string, TableShape>): Promise<void> {
  for (const row of await sql.query<ConstraintRow>(CONSTRAINTS)) {
    const table = tables.get(row.table_name);
    if (!table) continue;
    if (row.type === "p") table.primaryKey = { name: row.name, columns: row.columns };
    else {
      table.foreignKeys.set(row.name, {
        name: row.name,
        columns: row.columns,
        referencedTable: row.referenced_table ?? "?",
        referencedColumns: row.referenced_columns ?? [],
        onDelete: ACTIONS[row.on_delete] ?? "NO ACTION",
        onUpdate: ACTIONS[row.on_update] ?? "NO ACTION",
      });
    }
  }
  for (const row of await sql.query<IndexRow>(INDEXES)) {
    const columns = row.columns.map((column) => {
      const [descending, nullsFirst] = [(column.option & 1) === 1, (column.option & 2) === 2];
      return indexColumn(column.name ?? "(expression)", descending, nullsFirst);
    });
    tables.get(row.table_name)?.indexes.set(row.name, {
      name: row.name,
      unique: row.unique,
      method: row.method,
      columns,
      beyondPrisma: row.beyond_prisma,
    });
  }
}
