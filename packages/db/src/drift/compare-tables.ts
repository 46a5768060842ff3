import type { ColumnShape, Comparison, DbSchema, TableShape } from "./db-schema.js";
import { ANY_DEFAULT } from "./default-values.js";
import { compareKeys } from "./compare-keys.js";

export function compareSchemas(expected: DbSchema, actual: DbSchema): Comparison {
  const result: Comparison = { problems: [], extras: [] };
  for (const [name, table] of expected.tables) {
    const found = actual.tables.get(name);
    if (!found) result.problems.push(`table ${name}: missing`);
    else compareTable(table, found, result);
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) result.extras.push({ kind: "table", name });
  }
  compareEnums(expected.enums, actual.enums, result);
  return result;
}

function compareTable(expected: TableShape, actual: TableShape, result: Comparison): void {
  for (const [name, column] of expected.columns) {
    const found = actual.columns.get(name);
    if (!found) result.problems.push(`column ${expected.name}.${name}: missing`);
    else result.problems.push(...compareColumn(`${expected.name}.${name}`, column, found));
  }
  for (const name of actual.columns.keys()) {
    if (!expected.columns.has(name)) result.extras.push({ kind: "column", table: expected.name, name });
  }
  compareKeys(expected, actual, result);
}

function compareColumn(label: string, expected: ColumnShape, actual: ColumnShape): string[] {
  const problems: string[] = [];
  if (expected.type !== actual.type) problems.push(`${label}: expected type ${expected.type}, found ${actual.type}`);
  if (expected.nullable !== actual.nullable) {
    const words = (nullable: boolean) => (nullable ? "nullable" : "NOT NULL");
    problems.push(`${label}: expected ${words(expected.nullable)}, found ${words(actual.nullable)}`);
  }
  const anyDefault = expected.default === ANY_DEFAULT && actual.default !== null;
  if (!anyDefault && expected.default !== actual.default) {
    const words = (value: string | null) => (value === null ? "no default" : `default ${value}`);
    problems.push(`${label}: expected ${words(expected.default)}, found ${words(actual.default)}`);
  }
  return problems;
}

function compareEnums(expected: Map<string, string[]>, actual: Map<string, string[]>, result: Comparison): void {
  for (const [name, labels] of expected) {
    const found = actual.get(name);
    if (!found) result.problems.push(`enum ${name}: missing`);
    else if (found.join("\u0000") !== labels.join("\u0000")) {
      result.problems.push(`enum ${name}: expected values (${labels.join(", ")}), found (${found.join(", ")})`);
    }
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) result.extras.push({ kind: "enum", name });
  }
}
