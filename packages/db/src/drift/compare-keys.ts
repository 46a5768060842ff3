import type { Comparison, ForeignKeyShape, IndexShape, TableShape } from "./db-schema.js";

/** Primary key, indexes and foreign keys of one table that both sides have. */
export function compareKeys(expected: TableShape, actual: TableShape, result: Comparison): void {
  const table = expected.name;
  const key = (k: TableShape["primaryKey"]) => (k ? `${k.name} (${k.columns.join(", ")})` : "none");
  const [expectedKey, actualKey] = [key(expected.primaryKey), key(actual.primaryKey)];
  if (expectedKey !== actualKey) {
    result.problems.push(`primary key on ${table}: expected ${expectedKey}, found ${actualKey}`);
  }
  for (const [name, index] of expected.indexes) {
    const found = actual.indexes.get(name);
    if (!found) result.problems.push(`index ${name} on ${table}: missing`);
    else result.problems.push(...compareIndex(`index ${name} on ${table}`, index, found));
  }
  for (const name of actual.indexes.keys()) {
    if (!expected.indexes.has(name)) result.extras.push({ kind: "index", table, name });
  }
  for (const [name, foreignKey] of expected.foreignKeys) {
    const found = actual.foreignKeys.get(name);
    if (!found) result.problems.push(`foreign key ${name} on ${table}: missing`);
    else result.problems.push(...compareForeignKey(`foreign key ${name} on ${table}`, foreignKey, found));
  }
  for (const name of actual.foreignKeys.keys()) {
    if (!expected.foreignKeys.has(name)) result.extras.push({ kind: "foreign key", table, name });
  }
}

function compareIndex(label: string, expected: IndexShape, actual: IndexShape): string[] {
  const problems: string[] = [];
  const differ = (what: string, want: string, found: string) => {
    if (want !== found) problems.push(`${label}: expected ${what}${want}, found ${found}`);
  };
  if (actual.beyondPrisma) {
    problems.push(`${label}: expected a plain index, found a partial, expression or INCLUDE index`);
  }
  const unique = (u: boolean) => (u ? "UNIQUE" : "not unique");
  differ("", unique(expected.unique), unique(actual.unique));
  differ("USING ", expected.method, actual.method);
  differ("columns ", `(${expected.columns.join(", ")})`, `(${actual.columns.join(", ")})`);
  return problems;
}

function compareForeignKey(label: string, expected: ForeignKeyShape, actual: ForeignKeyShape): string[] {
  const problems: string[] = [];
  const target = (fk: ForeignKeyShape) => `(${fk.columns.join(", ")}) -> ${fk.referencedTable}(${fk.referencedColumns.join(", ")})`;
  if (target(expected) !== target(actual)) {
    problems.push(`${label}: expected ${target(expected)}, found ${target(actual)}`);
  }
  if (expected.onDelete !== actual.onDelete) {
    problems.push(`${label}: expected ON DELETE ${expected.onDelete}, found ON DELETE ${actual.onDelete}`);
  }
  if (expected.onUpdate !== actual.onUpdate) {
    problems.push(`${label}: expected ON UPDATE ${expected.onUpdate}, found ON UPDATE ${actual.onUpdate}`);
  }
  return problems;
}
