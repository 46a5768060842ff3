import type { DmmfField } from "./dmmf.js";

// How Prisma's PostgreSQL connector stores each scalar type, spelled the way format_type()
// prints it, so the expected type compares as text with what the catalog reports.

const SCALAR_DEFAULTS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

// `@db.X` -> format_type() name; `$n` is the nth argument, a parenthesised part is dropped when
// its arguments are missing (`@db.VarChar` is unbounded `character varying`); a missing scale is 0.
const NATIVE_TYPES: Record<string, string> = {
  Text: "text",
  VarChar: "character varying($1)",
  Char: "character($1)",
  Uuid: "uuid",
  Citext: "citext",
  Inet: "inet",
  Xml: "xml",
  Bit: "bit($1)",
  VarBit: "bit varying($1)",
  SmallInt: "smallint",
  Integer: "integer",
  Oid: "oid",
  BigInt: "bigint",
  Real: "real",
  DoublePrecision: "double precision",
  Decimal: "numeric($1,$2)",
  Money: "money",
  Boolean: "boolean",
  Timestamp: "timestamp($1) without time zone",
  Timestamptz: "timestamp($1) with time zone",
  Date: "date",
  Time: "time($1) without time zone",
  Timetz: "time($1) with time zone",
  Json: "json",
  JsonB: "jsonb",
  ByteA: "bytea",
};

/** The column type for a scalar or enum field; `enumType` gives an enum's database name. */
export function expectedColumnType(field: DmmfField, enumType: (name: string) => string): string {
  const base = field.kind === "enum" ? enumType(field.type) : scalarType(field);
  return field.isList ? `${base}[]` : base;
}

function scalarType(field: DmmfField): string {
  if (!field.nativeType) {
    const type = SCALAR_DEFAULTS[field.type];
    if (!type) throw new Error(`the drift check does not know the Prisma type ${field.type} (field ${field.name})`);
    return type;
  }
  const [name, args] = field.nativeType;
  const pattern = NATIVE_TYPES[name];
  if (!pattern) throw new Error(`the drift check does not know @db.${name} (field ${field.name})`);
  if (args.length === 0) return pattern.replace(/\(\$1(,\$2)?\)/, "");
  return pattern.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? "0");
}
