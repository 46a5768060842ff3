import type { ColumnShape, DbSchema, ForeignKeyShape, TableShape } from "./db-schema.js";
import { indexColumn } from "./db-schema.js";
import { expectedColumnType } from "./column-types.js";
import { expectedDefault } from "./default-values.js";
import type { DmmfDatamodel, DmmfEnum, DmmfField, DmmfIndex, DmmfModel } from "./dmmf.js";
import { foreignKeyName, indexName, primaryKeyName, referentialActions } from "./prisma-conventions.js";

/** The database that `prisma migrate` would build from this datamodel. */
export function expectedSchema(datamodel: DmmfDatamodel): DbSchema {
  const lookup = new Lookup(datamodel);
  const tables = new Map<string, TableShape>();
  for (const model of datamodel.models) {
    if (model.schema) throw new Error(`the drift check does not support multiple schemas (model ${model.name})`);
    tables.set(tableName(model), expectedTable(model, lookup));
  }
  for (const index of datamodel.indexes) addIndex(tables, index, lookup);
  rejectImplicitManyToMany(datamodel);
  const enums = new Map(datamodel.enums.map((e) => [enumName(e), e.values.map((v) => v.dbName ?? v.name)]));
  return { tables, enums };
}

class Lookup {
  private readonly models: Map<string, DmmfModel>;
  private readonly enums: Map<string, DmmfEnum>;

  constructor(datamodel: DmmfDatamodel) {
    this.models = new Map(datamodel.models.map((m) => [m.name, m]));
    this.enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  }

  model(name: string): DmmfModel {
    const model = this.models.get(name);
    if (!model) throw new Error(`datamodel has no model ${name}`);
    return model;
  }

  enum(name: string): DmmfEnum {
    const found = this.enums.get(name);
    if (!found) throw new Error(`datamodel has no enum ${name}`);
    return found;
  }

  column(model: DmmfModel, fieldName: string): string {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`model ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  }
}

const tableName = (model: DmmfModel): string => model.dbName ?? model.name;
const enumName = (e: DmmfEnum): string => e.dbName ?? e.name;

function expectedTable(model: DmmfModel, lookup: Lookup): TableShape {
  const table = tableName(model);
  const columns = new Map<string, ColumnShape>();
  const foreignKeys = new Map<string, ForeignKeyShape>();
  for (const field of model.fields) {
    if (field.kind !== "object") {
      columns.set(field.dbName ?? field.name, expectedColumn(field, lookup));
    } else if (field.relationFromFields?.length) {
      const foreignKey = expectedForeignKey(model, field, lookup);
      foreignKeys.set(foreignKey.name, foreignKey);
    }
  }
  return { name: table, columns, primaryKey: null, indexes: new Map(), foreignKeys };
}

function expectedColumn(field: DmmfField, lookup: Lookup): ColumnShape {
  const enumOf = field.kind === "enum" ? lookup.enum(field.type) : undefined;
  const label = enumOf ? (value: string) => enumOf.values.find((v) => v.name === value)?.dbName ?? value : undefined;
  return {
    type: expectedColumnType(field, (name) => enumName(lookup.enum(name))),
    // Prisma creates scalar-list columns without NOT NULL.
    nullable: !field.isRequired || field.isList,
    default: expectedDefault(field.default, label),
  };
}

function expectedForeignKey(model: DmmfModel, field: DmmfField, lookup: Lookup): ForeignKeyShape {
  const table = tableName(model);
  const target = lookup.model(field.type);
  const columns = (field.relationFromFields ?? []).map((name) => lookup.column(model, name));
  return {
    name: foreignKeyName(table, columns),
    columns,
    referencedTable: tableName(target),
    referencedColumns: (field.relationToFields ?? []).map((name) => lookup.column(target, name)),
    ...referentialActions(field, !field.isRequired),
  };
}

function addIndex(tables: Map<string, TableShape>, index: DmmfIndex, lookup: Lookup): void {
  const model = lookup.model(index.model);
  const table = tables.get(tableName(model));
  if (!table) throw new Error(`index on unknown model ${index.model}`);
  const names = index.fields.map((field) => {
    if (field.operatorClass || field.length) {
      throw new Error(`the drift check does not support index operator classes or lengths (${index.model})`);
    }
    return lookup.column(model, field.name);
  });
  if (index.type === "id") {
    table.primaryKey = { name: index.dbName ?? primaryKeyName(table.name), columns: names };
    return;
  }
  if (index.type === "fulltext") throw new Error(`PostgreSQL has no fulltext indexes (${index.model})`);
  const unique = index.type === "unique";
  const name = index.dbName ?? indexName(table.name, names, unique);
  const columns = names.map((column, i) => indexColumn(column, index.fields[i]?.sortOrder === "desc"));
  const method = (index.algorithm ?? "BTree").toLowerCase();
  table.indexes.set(name, { name, unique, method, columns, beyondPrisma: false });
}

// An implicit many-to-many relation has a join table that no model describes.
function rejectImplicitManyToMany(datamodel: DmmfDatamodel): void {
  const relations = datamodel.models.flatMap((m) => m.fields.filter((f) => f.kind === "object"));
  for (const field of relations) {
    const sides = relations.filter((other) => other.relationName === field.relationName);
    if (!sides.some((side) => side.relationFromFields?.length)) {
      throw new Error(`the drift check does not support implicit many-to-many relations (${field.relationName})`);
    }
  }
}
