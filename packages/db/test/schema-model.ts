/**
 * What schema.prisma says the database must look like (derived with Prisma's own DMMF parser, the
 * wasm build: no engine download), what a migrated database actually looks like (read through
 * information_schema / pg_catalog), and the list of every difference between the two.
 *
 * The expectation follows what Prisma Migrate would generate for PostgreSQL:
 * - names: @@map / @map, and Prisma's constraint naming convention ({table}_pkey,
 *   {table}_{cols}_key, {table}_{cols}_idx, {table}_{cols}_fkey, truncated to PostgreSQL's 63-char
 *   identifiers exactly as psl's ConstraintNames does), unless the schema gives `map:`;
 * - types: String→text, Int→integer, BigInt→bigint, Float→double precision,
 *   Decimal→numeric(65,30), Boolean→boolean, DateTime→timestamp(3) without time zone, Json→jsonb,
 *   Bytes→bytea, a list → `<type>[]`; a native attribute (@db.Timestamptz(3), @db.VarChar(n)…)
 *   overrides the default;
 * - nullability: NOT NULL for required scalars; scalar lists are nullable columns (Prisma never
 *   adds NOT NULL to an array column);
 * - defaults: autoincrement() → a serial sequence `{table}_{col}_seq` owned by the column
 *   (bigint for BigInt, integer for Int), now() → CURRENT_TIMESTAMP, literals as literals,
 *   dbgenerated(x) → x; uuid()/cuid()/ulid()/nanoid() and @updatedAt → no database default;
 * - foreign keys: from relation fields with `fields:`; ON DELETE from `onDelete` (default Restrict
 *   for a required relation, SetNull for an optional one), ON UPDATE from `onUpdate` (default
 *   Cascade).
 *
 * Anything the mapping does not know (enum/list literal defaults, implicit many-to-many tables,
 * unknown native types) throws, so an unsupported schema feature fails the test loudly instead of
 * being compared wrongly.
 */
import { getDMMF } from "@prisma/get-dmmf";
import type { Sql } from "../src/sql.ts";

type DmmfResult = ReturnType<typeof getDMMF>;
export type Dmmf = Extract<DmmfResult, { datamodel: unknown }>;
type Datamodel = Dmmf["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

export interface ColumnDesc {
  /** format_type() spelling, e.g. `timestamp(3) with time zone`, `text[]`. */
  type: string;
  nullable: boolean;
  /** `expr:<sql>` for an expression, `lit:<value>` for a literal, null for none. */
  default: string | null;
  /** Sequence owned by the column (serial / autoincrement), with its data type. */
  sequence: { name: string; type: string } | null;
}

export interface TableDesc {
  columns: Record<string, ColumnDesc>;
  primaryKey: { name: string; columns: string[] } | null;
}

export interface IndexDesc {
  table: string;
  /** column names in index order; `col DESC` for a descending key. */
  columns: string[];
  unique: boolean;
  method: string;
  /** partial-index predicate (Prisma never generates one) */
  where: string | null;
}

export interface ForeignKeyDesc {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface SchemaDesc {
  tables: Record<string, TableDesc>;
  /** every index except primary keys, by name */
  indexes: Record<string, IndexDesc>;
  foreignKeys: Record<string, ForeignKeyDesc>;
}

// ---------------------------------------------------------------------------------------------
// Expected: schema.prisma → SchemaDesc

export function parseSchema(datamodel: string): Dmmf {
  const out = getDMMF({ datamodel });
  if ("type" in out && (out.type === "wasm-error" || out.type === "parse-json")) {
    throw new Error(`getDMMF failed (${out.type}): ${out.reason}\n${out.error?.message ?? ""}`);
  }
  return out as Dmmf;
}

/** PostgreSQL's NAMEDATALEN - 1: what Prisma's ConstraintNames truncates to. */
const MAX_IDENT = 63;
const truncate = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s);

export const prismaNames = {
  primaryKey: (table: string) => `${truncate(table, MAX_IDENT - 5)}_pkey`,
  unique: (table: string, cols: string[]) =>
    `${truncate(`${table}_${cols.join("_")}`, MAX_IDENT - 4)}_key`,
  index: (table: string, cols: string[]) =>
    `${truncate(`${table}_${cols.join("_")}`, MAX_IDENT - 4)}_idx`,
  foreignKey: (table: string, cols: string[]) =>
    `${truncate(`${table}_${cols.join("_")}`, MAX_IDENT - 5)}_fkey`,
  sequence: (table: string, col: string) => `${table}_${col}_seq`,
};

const SCALAR_TYPES: Record<string, string> = {
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

/** Prisma's @db.X(args) native types for PostgreSQL → format_type() spelling. */
function nativeType(name: string, args: string[]): string {
  const p = args.length ? `(${args.join(",")})` : "";
  switch (name) {
    case "Text":
      return "text";
    case "VarChar":
      return `character varying${p}`;
    case "Char":
      return `character${p}`;
    case "Uuid":
      return "uuid";
    case "Xml":
      return "xml";
    case "Citext":
      return "citext";
    case "Inet":
      return "inet";
    case "Integer":
      return "integer";
    case "SmallInt":
      return "smallint";
    case "BigInt":
      return "bigint";
    case "Oid":
      return "oid";
    case "Real":
      return "real";
    case "DoublePrecision":
      return "double precision";
    case "Decimal":
      return `numeric${p}`;
    case "Money":
      return "money";
    case "Boolean":
      return "boolean";
    case "Bit":
      return `bit${p}`;
    case "VarBit":
      return `bit varying${p}`;
    case "ByteA":
      return "bytea";
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "Date":
      return "date";
    // Prisma's default precision for these is 3 when no argument is given.
    case "Timestamp":
      return `timestamp(${args[0] ?? 3}) without time zone`;
    case "Timestamptz":
      return `timestamp(${args[0] ?? 3}) with time zone`;
    case "Time":
      return `time(${args[0] ?? 3}) without time zone`;
    case "Timetz":
      return `time(${args[0] ?? 3}) with time zone`;
    default:
      throw new Error(`schema-model: no mapping for native type @db.${name}`);
  }
}

const dbName = (m: { name: string; dbName?: string | null }) => m.dbName ?? m.name;

function columnType(f: Field, dm: Datamodel, where: string): string {
  let base: string;
  if (f.kind === "enum") {
    const e = dm.enums.find((x) => x.name === f.type);
    base = e ? dbName(e) : f.type;
  } else if (f.nativeType) {
    const [name, args] = f.nativeType as [string, string[]];
    base = nativeType(name, args);
  } else {
    const t = SCALAR_TYPES[f.type];
    if (!t) throw new Error(`schema-model: no mapping for ${where} type ${f.type}`);
    base = t;
  }
  return f.isList ? `${base}[]` : base;
}

const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "ulid", "nanoid"]);

function columnDefault(
  f: Field,
  table: string,
  col: string,
  where: string,
): Pick<ColumnDesc, "default" | "sequence"> {
  if (f.default === undefined) return { default: null, sequence: null };
  const d = f.default as unknown;
  if (d !== null && typeof d === "object" && !Array.isArray(d) && "name" in d) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === "autoincrement") {
      const seq = prismaNames.sequence(table, col);
      const seqType = { BigInt: "bigint", Int: "integer" }[f.type];
      if (!seqType) throw new Error(`schema-model: autoincrement() on ${where} of type ${f.type}`);
      return {
        default: `expr:nextval('${seq}'::regclass)`,
        sequence: { name: seq, type: seqType },
      };
    }
    if (fn.name === "now") return { default: "expr:CURRENT_TIMESTAMP", sequence: null };
    if (fn.name === "dbgenerated")
      return { default: `expr:${String(fn.args[0] ?? "")}`, sequence: null };
    if (CLIENT_SIDE_DEFAULTS.has(fn.name)) return { default: null, sequence: null };
    throw new Error(`schema-model: no mapping for ${where} default ${fn.name}()`);
  }
  if (f.isList || f.kind === "enum" || f.type === "DateTime" || f.type === "Bytes")
    throw new Error(`schema-model: no mapping for ${where} literal default ${JSON.stringify(d)}`);
  return { default: `lit:${String(d)}`, sequence: null };
}

const FK_ACTION: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export function expectedSchema(dmmf: Dmmf): SchemaDesc {
  const dm = dmmf.datamodel;
  const out: SchemaDesc = { tables: {}, indexes: {}, foreignKeys: {} };
  const modelByName = new Map(dm.models.map((m) => [m.name, m]));
  const col = (m: Model, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`schema-model: ${m.name}.${fieldName} not found`);
    return dbName(f);
  };

  for (const m of dm.models) {
    const table = dbName(m);
    const t: TableDesc = { columns: {}, primaryKey: null };
    for (const f of m.fields) {
      if (f.kind === "object") {
        const from = f.relationFromFields ?? [];
        if (from.length === 0) {
          const other = modelByName.get(f.type);
          const back = other?.fields.find((x) => x.relationName === f.relationName && x !== f);
          if (f.isList && back?.isList)
            throw new Error(`schema-model: implicit many-to-many ${f.relationName} is not mapped`);
          continue;
        }
        const target = modelByName.get(f.type);
        if (!target) throw new Error(`schema-model: relation target ${f.type} not found`);
        const columns = from.map((n) => col(m, n));
        const optional = from.some((n) => !m.fields.find((x) => x.name === n)?.isRequired);
        const onDelete =
          (f.relationOnDelete as string | undefined) ?? (optional ? "SetNull" : "Restrict");
        const onUpdate = (f as { relationOnUpdate?: string }).relationOnUpdate ?? "Cascade";
        // DMMF does not expose @relation(map: …); a custom FK name would show up as a mismatch.
        out.foreignKeys[prismaNames.foreignKey(table, columns)] = {
          table,
          columns,
          refTable: dbName(target),
          refColumns: (f.relationToFields ?? []).map((n) => col(target, n)),
          onDelete: FK_ACTION[onDelete] ?? onDelete,
          onUpdate: FK_ACTION[onUpdate] ?? onUpdate,
        };
        continue;
      }
      if (f.kind === "unsupported")
        throw new Error(`schema-model: Unsupported() field ${m.name}.${f.name}`);
      const where = `${m.name}.${f.name}`;
      const c = dbName(f);
      t.columns[c] = {
        type: columnType(f, dm, where),
        nullable: f.isList ? true : !f.isRequired,
        ...columnDefault(f, table, c, where),
      };
    }
    out.tables[table] = t;
  }

  for (const ix of dm.indexes) {
    const m = modelByName.get(ix.model);
    if (!m) throw new Error(`schema-model: index on unknown model ${ix.model}`);
    const table = dbName(m);
    const names = ix.fields.map((f) => col(m, f.name));
    const keyCols = ix.fields.map(
      (f) => `${col(m, f.name)}${f.sortOrder === "desc" ? " DESC" : ""}`,
    );
    const explicit = (ix as { dbName?: string | null }).dbName ?? null;
    if (ix.type === "id") {
      out.tables[table]!.primaryKey = {
        name: explicit ?? prismaNames.primaryKey(table),
        columns: names,
      };
      continue;
    }
    if (ix.type !== "unique" && ix.type !== "normal")
      throw new Error(`schema-model: ${ix.type} index on ${ix.model} is not mapped`);
    const algorithm = (ix as { algorithm?: string | null }).algorithm;
    const name =
      explicit ??
      (ix.type === "unique" ? prismaNames.unique(table, names) : prismaNames.index(table, names));
    out.indexes[name] = {
      table,
      columns: keyCols,
      unique: ix.type === "unique",
      method: algorithm ? algorithm.toLowerCase() : "btree",
      where: null,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Actual: the database → SchemaDesc

/** Tables the migrator owns, not the schema. */
export const BOOKKEEPING_TABLES = new Set(["_prisma_migrations"]);

/** pg_get_expr text → `lit:` / `expr:` form comparable with the expectation. */
export function normalizeDefault(expr: string | null): string | null {
  if (expr === null) return null;
  const quoted = /^'((?:[^']|'')*)'(?:::[a-z_ ]+(?:\(\d+(?:,\d+)?\))?(?:\[\])?)*$/i.exec(expr);
  if (quoted) return `lit:${quoted[1]!.replace(/''/g, "'")}`;
  const numeric = /^\(?(-?\d+(?:\.\d+)?)\)?(?:::[a-z_ ]+)?$/i.exec(expr);
  if (numeric) return `lit:${numeric[1]}`;
  if (expr === "true" || expr === "false") return `lit:${expr}`;
  return `expr:${expr}`;
}

const CONFDEL: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export async function readDatabaseSchema(sql: Sql): Promise<SchemaDesc> {
  const out: SchemaDesc = { tables: {}, indexes: {}, foreignKeys: {} };

  const tables = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  for (const t of tables) {
    if (!BOOKKEEPING_TABLES.has(t.table_name))
      out.tables[t.table_name] = { columns: {}, primaryKey: null };
  }

  const columns = await sql.query<{
    table_name: string;
    column_name: string;
    is_nullable: string;
    column_default: string | null;
    type: string;
    attidentity: string;
    attgenerated: string;
  }>(
    `SELECT c.table_name, c.column_name, c.is_nullable, c.column_default,
            format_type(a.atttypid, a.atttypmod) AS type, a.attidentity::text AS attidentity,
            a.attgenerated::text AS attgenerated
     FROM information_schema.columns c
     JOIN pg_catalog.pg_attribute a
       ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
     WHERE c.table_schema = current_schema()
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const sequences = await sql.query<{
    table_name: string;
    column_name: string;
    seq: string;
    seq_type: string;
  }>(
    `SELECT t.relname AS table_name, a.attname AS column_name, s.relname AS seq, format_type(q.seqtypid, NULL) AS seq_type
     FROM pg_catalog.pg_class s
     JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid
     JOIN pg_catalog.pg_depend d ON d.objid = s.oid AND d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
     JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
     JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND s.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())`,
  );
  for (const c of columns) {
    const t = out.tables[c.table_name];
    if (!t) continue; // views, bookkeeping
    const seq = sequences.find(
      (s) => s.table_name === c.table_name && s.column_name === c.column_name,
    );
    let def = normalizeDefault(c.column_default);
    if (c.attidentity)
      def = `expr:GENERATED ${c.attidentity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
    if (c.attgenerated) def = `expr:GENERATED ALWAYS AS (${c.column_default}) STORED`;
    t.columns[c.column_name] = {
      type: c.type,
      nullable: c.is_nullable === "YES",
      default: def,
      sequence: seq ? { name: seq.seq, type: seq.seq_type } : null,
    };
  }

  const indexes = await sql.query<{
    index_name: string;
    table_name: string;
    is_unique: boolean;
    is_primary: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
  }>(
    `SELECT ic.relname AS index_name, tc.relname AS table_name, i.indisunique AS is_unique,
            i.indisprimary AS is_primary, am.amname AS method, pg_get_expr(i.indpred, i.indrelid) AS predicate,
            ARRAY(
              SELECT CASE WHEN k.attnum = 0 THEN '<expression>' ELSE a.attname::text END
                     || CASE WHEN (i.indoption[(k.ord - 1)::int] & 1) = 1 THEN ' DESC' ELSE '' END
              FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE k.ord <= i.indnkeyatts
              ORDER BY k.ord
            ) AS columns
     FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
     JOIN pg_catalog.pg_am am ON am.oid = ic.relam
     WHERE tc.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()) AND tc.relkind IN ('r', 'p')
     ORDER BY ic.relname`,
  );
  const pks = await sql.query<{ conname: string; table_name: string; index_name: string }>(
    `SELECT c.conname, t.relname AS table_name, ic.relname AS index_name
     FROM pg_catalog.pg_constraint c
     JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
     JOIN pg_catalog.pg_class ic ON ic.oid = c.conindid
     WHERE c.contype = 'p' AND c.connamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())`,
  );
  for (const ix of indexes) {
    const t = out.tables[ix.table_name];
    if (!t) continue;
    if (ix.is_primary) {
      const pk = pks.find((p) => p.index_name === ix.index_name);
      t.primaryKey = { name: pk?.conname ?? ix.index_name, columns: ix.columns };
      continue;
    }
    out.indexes[ix.index_name] = {
      table: ix.table_name,
      columns: ix.columns,
      unique: ix.is_unique,
      method: ix.method,
      where: ix.predicate,
    };
  }

  const fks = await sql.query<{
    conname: string;
    table_name: string;
    ref_table: string;
    columns: string[];
    ref_columns: string[];
    confdeltype: string;
    confupdtype: string;
  }>(
    `SELECT c.conname, t.relname AS table_name, r.relname AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns,
            c.confdeltype::text AS confdeltype, c.confupdtype::text AS confupdtype
     FROM pg_catalog.pg_constraint c
     JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
     JOIN pg_catalog.pg_class r ON r.oid = c.confrelid
     WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
     ORDER BY c.conname`,
  );
  for (const fk of fks) {
    if (!out.tables[fk.table_name]) continue;
    out.foreignKeys[fk.conname] = {
      table: fk.table_name,
      columns: fk.columns,
      refTable: fk.ref_table,
      refColumns: fk.ref_columns,
      onDelete: CONFDEL[fk.confdeltype] ?? fk.confdeltype,
      onUpdate: CONFDEL[fk.confupdtype] ?? fk.confupdtype,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Diff

const show = (v: unknown) => JSON.stringify(v);
const list = (cols: string[]) => `(${cols.join(", ")})`;

/**
 * Every difference, one readable line each, "schema.prisma wants X, database has Y". Empty when
 * the database matches.
 */
export function diffSchemas(expected: SchemaDesc, actual: SchemaDesc): string[] {
  const out: string[] = [];
  const keys = (a: object, b: object) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();

  for (const table of keys(expected.tables, actual.tables)) {
    const e = expected.tables[table];
    const a = actual.tables[table];
    if (!a) {
      out.push(`table ${table}: missing from the database`);
      continue;
    }
    if (!e) {
      out.push(`table ${table}: in the database but not in schema.prisma`);
      continue;
    }
    for (const c of keys(e.columns, a.columns)) {
      const ec = e.columns[c];
      const ac = a.columns[c];
      const at = `column ${table}.${c}`;
      if (!ac) {
        out.push(`${at}: missing from the database`);
        continue;
      }
      if (!ec) {
        out.push(`${at}: in the database but not in schema.prisma`);
        continue;
      }
      if (ec.type !== ac.type)
        out.push(
          `${at}: type — schema.prisma wants ${show(ec.type)}, database has ${show(ac.type)}`,
        );
      if (ec.nullable !== ac.nullable)
        out.push(
          `${at}: nullability — schema.prisma wants ${ec.nullable ? "NULL" : "NOT NULL"}, database has ${ac.nullable ? "NULL" : "NOT NULL"}`,
        );
      if (ec.default !== ac.default)
        out.push(
          `${at}: default — schema.prisma wants ${show(ec.default)}, database has ${show(ac.default)}`,
        );
      if (show(ec.sequence) !== show(ac.sequence))
        out.push(
          `${at}: owned sequence — schema.prisma wants ${show(ec.sequence)}, database has ${show(ac.sequence)}`,
        );
    }
    if (show(e.primaryKey) !== show(a.primaryKey)) {
      const fmt = (p: TableDesc["primaryKey"]) => (p ? `${p.name} ${list(p.columns)}` : "none");
      out.push(
        `primary key of ${table}: schema.prisma wants ${fmt(e.primaryKey)}, database has ${fmt(a.primaryKey)}`,
      );
    }
  }

  const fmtIndex = (i: IndexDesc) =>
    `${i.unique ? "UNIQUE " : ""}INDEX ON ${i.table} USING ${i.method} ${list(i.columns)}${i.where ? ` WHERE ${i.where}` : ""}`;
  for (const name of keys(expected.indexes, actual.indexes)) {
    const e = expected.indexes[name];
    const a = actual.indexes[name];
    if (!a) {
      out.push(`index ${name}: missing from the database (schema.prisma wants ${fmtIndex(e!)})`);
      continue;
    }
    if (!e) {
      out.push(`index ${name}: in the database but not in schema.prisma (${fmtIndex(a)})`);
      continue;
    }
    if (fmtIndex(e) !== fmtIndex(a))
      out.push(`index ${name}: schema.prisma wants ${fmtIndex(e)}, database has ${fmtIndex(a)}`);
  }

  const fmtFk = (f: ForeignKeyDesc) =>
    `${f.table}${list(f.columns)} REFERENCES ${f.refTable}${list(f.refColumns)} ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`;
  for (const name of keys(expected.foreignKeys, actual.foreignKeys)) {
    const e = expected.foreignKeys[name];
    const a = actual.foreignKeys[name];
    if (!a) {
      out.push(`foreign key ${name}: missing from the database (schema.prisma wants ${fmtFk(e!)})`);
      continue;
    }
    if (!e) {
      out.push(`foreign key ${name}: in the database but not in schema.prisma (${fmtFk(a)})`);
      continue;
    }
    if (fmtFk(e) !== fmtFk(a))
      out.push(`foreign key ${name}: schema.prisma wants ${fmtFk(e)}, database has ${fmtFk(a)}`);
  }
  return out;
}
