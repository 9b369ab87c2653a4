import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../src/migrate.ts";
import { createTestDb, type TestDb } from "../src/testing.ts";
import { engines, markPostgresSkipped } from "./engines.ts";
import {
  diffSchemas,
  expectedSchema,
  parseSchema,
  prismaNames,
  readDatabaseSchema,
  type SchemaDesc,
} from "./schema-model.ts";

const SCHEMA_FILE = fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url));
const SCHEMA = readFileSync(SCHEMA_FILE, "utf8");
const INIT = "20261123000000_init";

/** Replaces `from` with `to` once, and fails if `from` is not there (a doctoring must not silently miss). */
function doctor(text: string, edits: [from: string, to: string][]): string {
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`doctoring failed: ${JSON.stringify(from)} not found`);
    if (text.indexOf(from, at + 1) >= 0)
      throw new Error(`doctoring is ambiguous: ${JSON.stringify(from)} occurs twice`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}

const clone = (d: SchemaDesc): SchemaDesc => structuredClone(d);

describe("the expectation derived from schema.prisma (Prisma's wasm DMMF parser, offline)", () => {
  const expected = expectedSchema(parseSchema(SCHEMA));

  it("has one table per model, under its @@map name", () => {
    const models = [...SCHEMA.matchAll(/^model\s+\w+\s*\{/gm)].length;
    expect(models).toBeGreaterThan(0);
    expect(Object.keys(expected.tables)).toHaveLength(models);
    expect(Object.keys(expected.tables)).toContain("customer_group_memberships");
    expect(Object.keys(expected.tables)).not.toContain("CustomerGroupMembership");
  });

  // Spot checks that the Prisma → PostgreSQL mapping covers each feature the schema uses; the real
  // comparison below uses the whole derived description, never a hand-written one.
  it("maps types, native types, lists, nullability and defaults the way Prisma Migrate does", () => {
    const credentials = expected.tables.credentials!.columns;
    expect(credentials.created_at).toEqual({
      type: "timestamp(3) with time zone",
      nullable: false,
      default: "expr:CURRENT_TIMESTAMP",
      sequence: null,
    });
    expect(credentials.revoked_at).toEqual({
      type: "timestamp(3) with time zone",
      nullable: true,
      default: null,
      sequence: null,
    });
    expect(credentials.scopes).toEqual({
      type: "text[]",
      nullable: true,
      default: null,
      sequence: null,
    });
    const customers = expected.tables.customers!.columns;
    expect(customers.number).toEqual({
      type: "bigint",
      nullable: false,
      default: "expr:nextval('customers_number_seq'::regclass)",
      sequence: { name: "customers_number_seq", type: "bigint" },
    });
    expect(customers.marketing).toEqual({
      type: "jsonb",
      nullable: false,
      default: "lit:{}",
      sequence: null,
    });
    expect(customers.tax_exempt).toMatchObject({
      type: "boolean",
      nullable: false,
      default: "lit:false",
    });
    expect(customers.version).toMatchObject({ type: "integer", nullable: false, default: "lit:1" });
    expect(customers.first_name).toMatchObject({ type: "text", nullable: true, default: null });
    expect(expected.tables.identifiers!.columns.namespace).toMatchObject({
      type: "text",
      default: "lit:",
    });
    expect(expected.tables.events!.primaryKey).toEqual({ name: "events_pkey", columns: ["id"] });
    expect(expected.tables.customer_attributes!.primaryKey).toEqual({
      name: "customer_attributes_pkey",
      columns: ["customer_id", "namespace", "key"],
    });
  });

  it("names indexes and foreign keys by Prisma's convention", () => {
    expect(expected.indexes.tenants_slug_key).toEqual({
      table: "tenants",
      columns: ["slug"],
      unique: true,
      method: "btree",
      where: null,
    });
    expect(expected.indexes.identifiers_tenant_id_kind_namespace_value_key).toMatchObject({
      columns: ["tenant_id", "kind", "namespace", "value"],
      unique: true,
    });
    expect(expected.indexes.customers_tenant_id_updated_at_idx).toMatchObject({
      columns: ["tenant_id", "updated_at"],
      unique: false,
    });
    expect(expected.foreignKeys.identifiers_customer_id_fkey).toEqual({
      table: "identifiers",
      columns: ["customer_id"],
      refTable: "customers",
      refColumns: ["id"],
      onDelete: "CASCADE",
      onUpdate: "CASCADE",
    });
    // events deliberately has no foreign key: the trail outlives a deleted customer.
    expect(Object.values(expected.foreignKeys).filter((f) => f.table === "events")).toEqual([]);
    // psl's ConstraintNames truncates to PostgreSQL's 63-character identifiers.
    const long = "t".repeat(70);
    expect(prismaNames.unique(long, ["c"])).toBe(`${"t".repeat(59)}_key`);
    expect(prismaNames.foreignKey(long, ["c"])).toBe(`${"t".repeat(58)}_fkey`);
    expect(prismaNames.primaryKey(long)).toBe(`${"t".repeat(58)}_pkey`);
  });

  it("applies Prisma's relation defaults: Restrict for a required relation, SetNull for an optional one, ON UPDATE CASCADE", () => {
    const d = expectedSchema(
      parseSchema(`
datasource db {
  provider = "postgresql"
}
model A {
  id Int @id
  bs B[]
  cs C[]
}
model B {
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id])
}
model C {
  id  Int  @id
  aId Int?
  a   A?   @relation(fields: [aId], references: [id], onUpdate: NoAction)
}`),
    );
    expect(d.foreignKeys.B_aId_fkey).toMatchObject({ onDelete: "RESTRICT", onUpdate: "CASCADE" });
    expect(d.foreignKeys.C_aId_fkey).toMatchObject({ onDelete: "SET NULL", onUpdate: "NO ACTION" });
    expect(d.tables.A!.columns.id).toMatchObject({
      type: "integer",
      nullable: false,
      default: null,
    });
  });

  it("refuses schema features it cannot map rather than comparing them wrongly", () => {
    expect(() =>
      expectedSchema(
        parseSchema(
          `datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id   Int      @id\n  tags String[] @default(["x"])\n}`,
        ),
      ),
    ).toThrow(/literal default/);
  });

  it("diffSchemas reports every kind of difference, in both directions, one line each", () => {
    const actual = clone(expected);
    actual.tables.credentials!.columns.revoked_at!.type = "timestamp(3) without time zone";
    actual.tables.tenants!.columns.name!.nullable = true;
    actual.tables.customers!.columns.version!.default = "lit:0";
    actual.tables.events!.columns.id!.sequence = null;
    delete actual.tables.customers!.columns.note;
    actual.tables.customers!.columns.extra = {
      type: "text",
      nullable: true,
      default: null,
      sequence: null,
    };
    actual.tables.customer_attributes!.primaryKey = {
      name: "customer_attributes_pkey",
      columns: ["customer_id", "key"],
    };
    delete actual.tables.idempotency_records;
    actual.tables.stray = { columns: {}, primaryKey: null };
    delete actual.indexes.tenants_slug_key;
    actual.indexes.customer_groups_tenant_id_external_id_key!.unique = false;
    actual.indexes.customers_extra_idx = {
      table: "customers",
      columns: ["extra"],
      unique: false,
      method: "btree",
      where: null,
    };
    actual.foreignKeys.identifiers_customer_id_fkey!.onDelete = "NO ACTION";
    delete actual.foreignKeys.addresses_customer_id_fkey;

    expect(diffSchemas(expected, actual)).toEqual([
      'column credentials.revoked_at: type — schema.prisma wants "timestamp(3) with time zone", database has "timestamp(3) without time zone"',
      "primary key of customer_attributes: schema.prisma wants customer_attributes_pkey (customer_id, namespace, key), database has customer_attributes_pkey (customer_id, key)",
      "column customers.extra: in the database but not in schema.prisma",
      "column customers.note: missing from the database",
      'column customers.version: default — schema.prisma wants "lit:1", database has "lit:0"',
      'column events.id: owned sequence — schema.prisma wants {"name":"events_id_seq","type":"bigint"}, database has null',
      "table idempotency_records: missing from the database",
      "table stray: in the database but not in schema.prisma",
      "column tenants.name: nullability — schema.prisma wants NOT NULL, database has NULL",
      "index customer_groups_tenant_id_external_id_key: schema.prisma wants UNIQUE INDEX ON customer_groups USING btree (tenant_id, external_id), database has INDEX ON customer_groups USING btree (tenant_id, external_id)",
      "index customers_extra_idx: in the database but not in schema.prisma (INDEX ON customers USING btree (extra))",
      "index tenants_slug_key: missing from the database (schema.prisma wants UNIQUE INDEX ON tenants USING btree (slug))",
      "foreign key addresses_customer_id_fkey: missing from the database (schema.prisma wants addresses(customer_id) REFERENCES customers(id) ON DELETE CASCADE ON UPDATE CASCADE)",
      "foreign key identifiers_customer_id_fkey: schema.prisma wants identifiers(customer_id) REFERENCES customers(id) ON DELETE CASCADE ON UPDATE CASCADE, database has identifiers(customer_id) REFERENCES customers(id) ON DELETE NO ACTION ON UPDATE CASCADE",
    ]);
    expect(diffSchemas(expected, clone(expected))).toEqual([]);
  });
});

markPostgresSkipped();

describe.each(engines)("migrated database vs schema.prisma on %s", (engine) => {
  let t: TestDb;
  let actual: SchemaDesc;
  beforeAll(async () => {
    t = await createTestDb(engine);
    actual = await readDatabaseSchema(t.db.sql);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("matches exactly: tables, columns, types, nullability, defaults, sequences, keys, indexes, foreign keys", () => {
    // Guard against a vacuous pass (e.g. reading the wrong schema).
    expect(Object.keys(actual.tables).length).toBeGreaterThan(0);
    expect(Object.keys(actual.indexes).length).toBeGreaterThan(0);
    expect(Object.keys(actual.foreignKeys).length).toBeGreaterThan(0);
    expect(diffSchemas(expectedSchema(parseSchema(SCHEMA)), actual)).toEqual([]);
  });

  it("fails, naming each difference, when schema.prisma is edited and the migration is not", () => {
    const edited = doctor(SCHEMA, [
      [
        'revokedAt  DateTime? @map("revoked_at") @db.Timestamptz(3)',
        'revokedAt  DateTime? @map("revoked_at")',
      ],
      ["slug      String   @unique", "slug      String"],
      ["note                String?", "note                String"],
      ["version             Int       @default(1)", "version             Int       @default(2)"],
      [
        "customer Customer @relation(fields: [customerId], references: [id], onDelete: Cascade)\n\n  @@unique([tenantId, kind, namespace, value])",
        "customer Customer @relation(fields: [customerId], references: [id], onDelete: Restrict)\n\n  @@unique([tenantId, kind, namespace, value])\n  @@index([kind])",
      ],
      ['@@map("events")', '@@map("event_log")'],
    ]);
    expect(diffSchemas(expectedSchema(parseSchema(edited)), actual)).toEqual([
      'column credentials.revoked_at: type — schema.prisma wants "timestamp(3) without time zone", database has "timestamp(3) with time zone"',
      "column customers.note: nullability — schema.prisma wants NOT NULL, database has NULL",
      'column customers.version: default — schema.prisma wants "lit:2", database has "lit:1"',
      "table event_log: missing from the database",
      "table events: in the database but not in schema.prisma",
      "index event_log_tenant_id_customer_id_id_idx: missing from the database (schema.prisma wants INDEX ON event_log USING btree (tenant_id, customer_id, id))",
      "index events_tenant_id_customer_id_id_idx: in the database but not in schema.prisma (INDEX ON events USING btree (tenant_id, customer_id, id))",
      "index identifiers_kind_idx: missing from the database (schema.prisma wants INDEX ON identifiers USING btree (kind))",
      "index tenants_slug_key: in the database but not in schema.prisma (UNIQUE INDEX ON tenants USING btree (slug))",
      "foreign key identifiers_customer_id_fkey: schema.prisma wants identifiers(customer_id) REFERENCES customers(id) ON DELETE RESTRICT ON UPDATE CASCADE, database has identifiers(customer_id) REFERENCES customers(id) ON DELETE CASCADE ON UPDATE CASCADE",
    ]);
  });

  it("fails, naming each difference, when a scratch copy of the migration is edited and schema.prisma is not", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cg-migrations-"));
    let scratch: TestDb | undefined;
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const file = path.join(dir, INIT, "migration.sql");
      writeFileSync(
        file,
        doctor(readFileSync(file, "utf8"), [
          ['"revoked_at" TIMESTAMPTZ(3),', '"revoked_at" TIMESTAMP(3),'],
          ['"verified_at" TIMESTAMPTZ(3),', '"verified_at" TIMESTAMPTZ(6),'],
          [
            '"slug" TEXT NOT NULL,\n    "name" TEXT NOT NULL,',
            '"slug" TEXT NOT NULL,\n    "name" TEXT,',
          ],
          [
            '"tax_exempt" BOOLEAN NOT NULL DEFAULT false',
            '"tax_exempt" BOOLEAN NOT NULL DEFAULT true',
          ],
          ['"marketing" JSONB NOT NULL', '"marketing" JSON NOT NULL'],
          ['    "department" TEXT,\n', ""],
          [
            '"id" BIGSERIAL NOT NULL,\n    "tenant_id" TEXT NOT NULL,\n    "customer_id" TEXT NOT NULL,\n    "dialect"',
            '"id" SERIAL NOT NULL,\n    "tenant_id" TEXT NOT NULL,\n    "customer_id" TEXT NOT NULL,\n    "dialect"',
          ],
          ['CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");', ""],
          [
            'CREATE UNIQUE INDEX "customer_groups_tenant_id_external_id_key"',
            'CREATE INDEX "customer_groups_tenant_id_external_id_key"',
          ],
          [
            'ON "customers"("tenant_id", "updated_at")',
            'ON "customers"("updated_at", "tenant_id")',
          ],
          [
            '"identifiers_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE',
            '"identifiers_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL',
          ],
          [
            'CONSTRAINT "customer_attributes_pkey" PRIMARY KEY ("customer_id","namespace","key")',
            'CONSTRAINT "customer_attributes_pkey" PRIMARY KEY ("customer_id","key","namespace")',
          ],
        ]) + '\nCREATE TABLE "stray" ("id" TEXT PRIMARY KEY);\n',
      );
      scratch = await createTestDb(engine, { migrate: false });
      expect((await migrate(scratch.db.sql, dir)).applied[0]).toBe(INIT);
      const diff = diffSchemas(
        expectedSchema(parseSchema(SCHEMA)),
        await readDatabaseSchema(scratch.db.sql),
      );
      expect(diff).toEqual([
        'column credentials.revoked_at: type — schema.prisma wants "timestamp(3) with time zone", database has "timestamp(3) without time zone"',
        "primary key of customer_attributes: schema.prisma wants customer_attributes_pkey (customer_id, namespace, key), database has customer_attributes_pkey (customer_id, key, namespace)",
        "column customers.department: missing from the database",
        'column customers.marketing: type — schema.prisma wants "jsonb", database has "json"',
        'column customers.tax_exempt: default — schema.prisma wants "lit:false", database has "lit:true"',
        'column events.id: type — schema.prisma wants "bigint", database has "integer"',
        'column events.id: owned sequence — schema.prisma wants {"name":"events_id_seq","type":"bigint"}, database has {"name":"events_id_seq","type":"integer"}',
        'column identifiers.verified_at: type — schema.prisma wants "timestamp(3) with time zone", database has "timestamp(6) with time zone"',
        "table stray: in the database but not in schema.prisma",
        "column tenants.name: nullability — schema.prisma wants NOT NULL, database has NULL",
        "index customer_groups_tenant_id_external_id_key: schema.prisma wants UNIQUE INDEX ON customer_groups USING btree (tenant_id, external_id), database has INDEX ON customer_groups USING btree (tenant_id, external_id)",
        "index customers_tenant_id_updated_at_idx: schema.prisma wants INDEX ON customers USING btree (tenant_id, updated_at), database has INDEX ON customers USING btree (updated_at, tenant_id)",
        "index tenants_slug_key: missing from the database (schema.prisma wants UNIQUE INDEX ON tenants USING btree (slug))",
        "foreign key identifiers_customer_id_fkey: schema.prisma wants identifiers(customer_id) REFERENCES customers(id) ON DELETE CASCADE ON UPDATE CASCADE, database has identifiers(customer_id) REFERENCES customers(id) ON DELETE SET NULL ON UPDATE CASCADE",
      ]);
    } finally {
      await scratch?.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
    // The repository's own migration is untouched.
    expect(readFileSync(path.join(MIGRATIONS_DIR, INIT, "migration.sql"), "utf8")).not.toContain(
      '"stray"',
    );
  });
});
