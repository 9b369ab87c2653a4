import { createHash, randomBytes } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../src/create-db.ts";
import {
  MIGRATIONS_DIR,
  MigrationError,
  migrate,
  pendingMigrations,
  readMigrations,
} from "../src/migrate.ts";
import { createTestDb, type TestDb } from "../src/testing.ts";
import { engines, hasPostgres, markPostgresSkipped, TABLES_IN_SCHEMA } from "./engines.ts";
import { expectedSchema, parseSchema } from "./schema-model.ts";

const INIT = "20261123000000_init";
const INIT_SQL_FILE = path.join(MIGRATIONS_DIR, INIT, "migration.sql");
/** Every migration in the folder, in the order they apply (INIT first). */
const ALL = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const PRISMA_ADVISORY_LOCK = 72707369;
const SCHEMA_TABLES = Object.keys(
  expectedSchema(
    parseSchema(
      readFileSync(fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url)), "utf8"),
    ),
  ).tables,
);
/** Every table the init migration creates, plus Prisma's bookkeeping table. */
const ALL_TABLES = [...SCHEMA_TABLES, "_prisma_migrations"].sort();

// Cleanup registry: every database and temp dir a test opens is closed even when it fails.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function freshDb(engine: "pglite" | "postgres"): Promise<TestDb> {
  const t = await createTestDb(engine, { migrate: false });
  cleanups.push(() => t.dispose());
  return t;
}
function tempMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cg-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}
const tables = async (db: Db) =>
  (await db.sql.query<{ table_name: string }>(TABLES_IN_SCHEMA)).map((r) => r.table_name);
const migrationRows = (db: Db) =>
  db.sql.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );

it("reads the migrations folder in Prisma's layout, with sha256 checksums of migration.sql", () => {
  const dirs = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  expect(dirs).toContain(INIT);
  const ms = readMigrations();
  expect(ms.map((m) => m.name)).toEqual(dirs);
  const init = ms.find((m) => m.name === INIT)!;
  expect(init.checksum).toBe(
    createHash("sha256").update(readFileSync(INIT_SQL_FILE)).digest("hex"),
  );
  expect(init.checksum).toMatch(/^[0-9a-f]{64}$/);
});

describe.each(engines)("migrate() on %s", (engine) => {
  it("applies the init migration once; a second call applies nothing; pendingMigrations() agrees", async () => {
    const { db } = await freshDb(engine);
    expect(await tables(db)).toEqual([]);
    expect(await pendingMigrations(db.sql)).toEqual(ALL);

    expect(await migrate(db.sql)).toEqual({ applied: ALL, alreadyApplied: [] });
    expect(await tables(db)).toEqual(ALL_TABLES);
    expect(await pendingMigrations(db.sql)).toEqual([]);

    expect(await migrate(db.sql)).toEqual({ applied: [], alreadyApplied: ALL });
    expect(await migrate(db.sql)).toEqual({ applied: [], alreadyApplied: ALL });
    expect(await tables(db)).toEqual(ALL_TABLES);
    expect((await migrationRows(db)).map((r) => r.migration_name)).toEqual(ALL);
    expect(await pendingMigrations(db.sql)).toEqual([]);
  });

  it("records the migration in _prisma_migrations exactly as Prisma does", async () => {
    const { db } = await freshDb(engine);
    await migrate(db.sql);
    // Prisma Migrate's own DDL for the table.
    const cols = await db.sql.query<{
      name: string;
      type: string;
      nullable: boolean;
      default: string | null;
    }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_catalog.pg_attribute a
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = '"_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
    );
    expect(cols).toEqual([
      { name: "id", type: "character varying(36)", nullable: false, default: null },
      { name: "checksum", type: "character varying(64)", nullable: false, default: null },
      { name: "finished_at", type: "timestamp with time zone", nullable: true, default: null },
      { name: "migration_name", type: "character varying(255)", nullable: false, default: null },
      { name: "logs", type: "text", nullable: true, default: null },
      { name: "rolled_back_at", type: "timestamp with time zone", nullable: true, default: null },
      { name: "started_at", type: "timestamp with time zone", nullable: false, default: "now()" },
      { name: "applied_steps_count", type: "integer", nullable: false, default: "0" },
    ]);
    const pk = await db.sql.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_catalog.pg_constraint
       WHERE conrelid = '"_prisma_migrations"'::regclass AND contype = 'p'`,
    );
    expect(pk).toEqual([{ def: "PRIMARY KEY (id)" }]);

    const rows = await db.sql.query<{
      id: string;
      checksum: string;
      migration_name: string;
      logs: string | null;
      finished: boolean;
      ordered: boolean;
      rolled_back: boolean;
      applied_steps_count: number;
    }>(
      `SELECT id, checksum, migration_name, logs, finished_at IS NOT NULL AS finished,
              finished_at >= started_at AS ordered, rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      ALL.map((name) => ({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        checksum: createHash("sha256")
          .update(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql")))
          .digest("hex"),
        migration_name: name,
        logs: null,
        finished: true,
        ordered: true,
        rolled_back: false,
        applied_steps_count: 1,
      })),
    );
  });

  it("refuses, with MigrationError, a migration file modified after it was applied", async () => {
    const { db } = await freshDb(engine);
    const dir = tempMigrations();
    await migrate(db.sql, dir);
    const before = await migrationRows(db);

    appendFileSync(path.join(dir, INIT, "migration.sql"), "\n-- edited after deploy\n");
    await expect(migrate(db.sql, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(db.sql, dir)).rejects.toThrow(
      `migration ${INIT} was modified after it was applied`,
    );

    // Nothing changed: the recorded checksum is the original, and the unmodified folder is fine.
    expect(await migrationRows(db)).toEqual(before);
    expect(await migrate(db.sql)).toEqual({ applied: [], alreadyApplied: ALL });
  });

  it("refuses to start over a migration recorded as failed, and ignores one marked rolled back", async () => {
    const { db } = await freshDb(engine);
    await migrate(db.sql);
    await db.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', $1, '20261124000000_broken', now(), 0)`,
      ["0".repeat(64)],
    );
    await expect(migrate(db.sql)).rejects.toThrow(MigrationError);
    await expect(migrate(db.sql)).rejects.toThrow(
      "migration 20261124000000_broken failed earlier; resolve it by hand",
    );
    await db.sql.query(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '20261124000000_broken'`,
    );
    expect(await migrate(db.sql)).toEqual({ applied: [], alreadyApplied: ALL });
  });

  describe("a failing migration is transactional", () => {
    const BAD = "29991231000000_bad"; // after every real migration
    function withBadMigration(): string {
      const dir = tempMigrations();
      mkdirSync(path.join(dir, BAD));
      writeFileSync(
        path.join(dir, BAD, "migration.sql"),
        `CREATE TABLE "half_done" ("id" INTEGER NOT NULL);\nINSERT INTO "half_done" VALUES (1);\nSELECT 1 / 0;\n`,
      );
      return dir;
    }

    it("on a fresh database: no tables, no _prisma_migrations row (nor table) are left behind", async () => {
      const { db } = await freshDb(engine);
      const dir = withBadMigration();
      expect(await pendingMigrations(db.sql, dir)).toEqual([...ALL, BAD]);
      await expect(migrate(db.sql, dir)).rejects.toThrow(/division by zero/);
      // migrate() runs every pending migration in one transaction: the init migration before
      // the bad one is rolled back as well, and so is the bookkeeping table itself.
      expect(await tables(db)).toEqual([]);
      expect(await pendingMigrations(db.sql, dir)).toEqual([...ALL, BAD]);
      // The connection is usable afterwards and the good folder still applies.
      expect(await migrate(db.sql)).toEqual({ applied: ALL, alreadyApplied: [] });
    });

    it("on a migrated database: the bad migration leaves neither its table nor a row", async () => {
      const { db } = await freshDb(engine);
      await migrate(db.sql);
      const rowsBefore = await migrationRows(db);
      const dir = withBadMigration();
      expect(await pendingMigrations(db.sql, dir)).toEqual([BAD]);
      await expect(migrate(db.sql, dir)).rejects.toThrow(/division by zero/);
      expect(await tables(db)).toEqual(ALL_TABLES);
      expect(await tables(db)).not.toContain("half_done");
      expect(await migrationRows(db)).toEqual(rowsBefore);
      expect(await pendingMigrations(db.sql, dir)).toEqual([BAD]);
    });
  });
});

describe.runIf(hasPostgres)("migrate() on postgres, several processes", () => {
  it("two migrators started at once on one fresh schema both succeed; exactly one applies", async () => {
    const t = await freshDb("postgres");
    const a = createDb({ url: t.url!, poolSize: 2 });
    const b = createDb({ url: t.url!, poolSize: 2 });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );

    const results = await Promise.all([migrate(a.sql), migrate(b.sql)]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, ALL.length]);
    expect(results.flatMap((r) => r.applied)).toEqual(ALL);
    expect(results.flatMap((r) => r.alreadyApplied)).toEqual(ALL);

    expect(await tables(a)).toEqual(ALL_TABLES);
    expect((await migrationRows(a)).map((r) => r.migration_name)).toEqual(ALL);
    expect(await pendingMigrations(b.sql)).toEqual([]);
  });

  it(`waits for Prisma's advisory lock (${PRISMA_ADVISORY_LOCK}) held by another session before migrating`, async () => {
    const t = await freshDb("postgres");
    const app = `cg_lock_probe_${randomBytes(4).toString("hex")}`;
    const u = new URL(t.url!);
    u.searchParams.set("application_name", app);
    const migrator = createDb({ url: u.toString(), poolSize: 2 });
    cleanups.push(() => migrator.close());
    // Stands in for `prisma migrate deploy` (or another gateway) holding the lock.
    const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await holder.connect();
    let locked = false;
    cleanups.push(async () => {
      if (locked) await holder.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
      await holder.end();
    });
    await holder.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    locked = true;

    let settled = false;
    const running = migrate(migrator.sql).finally(() => {
      settled = true;
    });
    running.catch(() => {});
    // Wait (event-driven poll, no timing assertion) until our migrator is queued on that lock.
    let waiting = false;
    while (!settled && !waiting) {
      const r = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND NOT l.granted AND s.application_name = $2`,
        [PRISMA_ADVISORY_LOCK, app],
      );
      waiting = r.rows[0]!.n > 0;
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(waiting).toBe(true);
    const schema = u.searchParams.get("schema");
    const seen = await holder.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    expect(seen.rows).toEqual([]);

    await holder.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
    locked = false;
    expect(await running).toEqual({ applied: ALL, alreadyApplied: [] });
  });
});

// The postgres variants of the describe.each above: reported as skipped, not left out silently.
markPostgresSkipped();
