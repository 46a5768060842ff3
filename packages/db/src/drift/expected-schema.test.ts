import { describe, expect, it } from "vitest";
import { expectedSchema } from "./expected-schema.js";
import { parseDatamodel } from "./load-datamodel.js";
import { indexName, primaryKeyName } from "./prisma-conventions.js";

const schemaOf = (models: string) => expectedSchema(parseDatamodel(`datasource db {\n  provider = "postgresql"\n}\n${models}`));

const SHOP = `
enum Status {
  draft
  liveNow @map("live")
  @@map("status")
}

model Customer {
  id     Int     @id @default(autoincrement())
  email  String  @unique(map: "customer_email") @db.VarChar(200)
  tags   String[]
  orders Order[]
  @@map("customers")
}

model Order {
  id         Int       @id @default(autoincrement())
  customerId Int       @map("customer_id")
  referrerId Int?      @map("referrer_id")
  status     Status    @default(liveNow)
  statuses   Status[]  @default([draft, liveNow])
  total      Decimal
  placedAt   DateTime  @default(now()) @map("placed_at")
  note       String?   @default("none")
  customer   Customer  @relation(fields: [customerId], references: [id])
  referrer   Referrer? @relation(fields: [referrerId], references: [id], onUpdate: Restrict)
  @@index([customerId, placedAt(sort: Desc)])
  @@index([note], type: Hash, map: "orders_note_hash")
  @@map("orders")
}

model Referrer {
  code   String
  id     Int     @unique
  orders Order[]
  @@id([code, id])
}
`;

describe("expectedSchema", () => {
  const schema = schemaOf(SHOP);
  const orders = schema.tables.get("orders");

  it("maps types, nullability and defaults as Prisma's migrations create them", () => {
    expect(Object.fromEntries(orders?.columns ?? [])).toEqual({
      id: { type: "integer", nullable: false, default: "autoincrement()" },
      customer_id: { type: "integer", nullable: false, default: null },
      referrer_id: { type: "integer", nullable: true, default: null },
      status: { type: "status", nullable: false, default: "'live'" },
      statuses: { type: "status[]", nullable: true, default: "ARRAY['draft', 'live']" },
      total: { type: "numeric(65,30)", nullable: false, default: null },
      placed_at: { type: "timestamp(3) without time zone", nullable: false, default: "CURRENT_TIMESTAMP" },
      note: { type: "text", nullable: true, default: "'none'" },
    });
    expect(schema.tables.get("customers")?.columns.get("tags")).toEqual({ type: "text[]", nullable: true, default: null });
    expect(schema.enums.get("status")).toEqual(["draft", "live"]);
  });

  it("names keys and indexes the way Prisma does unless mapped", () => {
    expect(orders?.primaryKey).toEqual({ name: "orders_pkey", columns: ["id"] });
    expect(schema.tables.get("Referrer")?.primaryKey).toEqual({ name: "Referrer_pkey", columns: ["code", "id"] });
    expect([...(orders?.indexes.values() ?? [])]).toEqual([
      {
        name: "orders_customer_id_placed_at_idx",
        unique: false,
        method: "btree",
        columns: ["customer_id", "placed_at DESC"],
        beyondPrisma: false,
      },
      { name: "orders_note_hash", unique: false, method: "hash", columns: ["note"], beyondPrisma: false },
    ]);
    expect([...(schema.tables.get("customers")?.indexes.keys() ?? [])]).toEqual(["customer_email"]);
    expect([...(schema.tables.get("Referrer")?.indexes.keys() ?? [])]).toEqual(["Referrer_id_key"]);
  });

  it("applies Prisma's default referential actions", () => {
    expect(orders?.foreignKeys.get("orders_customer_id_fkey")).toEqual({
      name: "orders_customer_id_fkey",
      columns: ["customer_id"],
      referencedTable: "customers",
      referencedColumns: ["id"],
      onDelete: "RESTRICT",
      onUpdate: "CASCADE",
    });
    expect(orders?.foreignKeys.get("orders_referrer_id_fkey")).toMatchObject({ onDelete: "SET NULL", onUpdate: "RESTRICT" });
  });

  it("refuses what it cannot check rather than passing it", () => {
    const manyToMany = "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  as A[]\n}";
    expect(() => schemaOf(manyToMany)).toThrow(/implicit many-to-many/);
    const mappedRelation = SHOP.replace("references: [id])", 'references: [id], map: "fk")');
    expect(() => schemaOf(mappedRelation)).toThrow(/@relation\(map/);
    expect(() => schemaOf('model A {\n  id Int @id\n  x Unsupported("circle")\n}')).toThrow(/Unsupported\(...\) fields/);
  });

  it("reports an invalid schema with Prisma's own message", () => {
    expect(() => schemaOf("model A {\n  id Int @id @nonsense\n}")).toThrow(
      /schema.prisma does not validate: .*Attribute not known: "@nonsense"/s,
    );
  });
});

describe("Prisma's default names", () => {
  it("shorten the table-and-columns part to fit 63 bytes, keeping the suffix", () => {
    const long = indexName("t".repeat(40), ["c".repeat(30)], false);
    expect(long).toHaveLength(63);
    expect(long).toBe(`${"t".repeat(40)}_${"c".repeat(18)}_idx`);
    expect(indexName("orders", ["a", "b"], true)).toBe("orders_a_b_key");
    expect(primaryKeyName("p".repeat(70))).toBe(`${"p".repeat(58)}_pkey`);
  });
});
