import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sql } from "./sql.ts";

/** Beside the sources; a bundle (apps/gateway/dist) ships a copy and points CG_MIGRATIONS_DIR at it. */
export const MIGRATIONS_DIR =
  process.env.CG_MIGRATIONS_DIR ?? fileURLToPath(new URL("../prisma/migrations", import.meta.url));

// Prisma Migrate's own advisory-lock key, so that our migrator and `prisma migrate deploy`
// (where it can run) exclude each other as well as two gateway processes starting at once.
const PRISMA_ADVISORY_LOCK = 72707369;

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of migration.sql, hex: the checksum Prisma stores and verifies. */
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/**
 * Applies pending migrations, all in one transaction together with their `_prisma_migrations`
 * rows (a failure rolls back every migration of this call, earlier ones included). Idempotent;
 * concurrent callers serialise on Prisma's advisory lock. A migration whose recorded checksum
 * differs from the file, or that failed earlier, stops start-up: that is a human's call, as with
 * `prisma migrate deploy`.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  // One transaction holding the advisory lock: a second process waits here, then sees the
  // first one's rows and has nothing left to do. PostgreSQL DDL is transactional, so a failed
  // migration leaves neither its tables nor its row behind.
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${PRISMA_ADVISORY_LOCK})`);
    await tx.exec(CREATE_TABLE);
    const rows = await tx.query<{
      migration_name: string;
      checksum: string;
      finished_at: unknown;
      rolled_back_at: unknown;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const done = new Map<string, { checksum: string }>();
    for (const r of rows) {
      if (r.rolled_back_at) continue;
      if (!r.finished_at)
        throw new MigrationError(
          `migration ${r.migration_name} failed earlier; resolve it by hand`,
        );
      done.set(r.migration_name, r);
    }
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const prev = done.get(m.name);
      if (prev) {
        if (prev.checksum !== m.checksum)
          throw new MigrationError(`migration ${m.name} was modified after it was applied`);
        result.alreadyApplied.push(m.name);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
         VALUES ($1, $2, now(), $3, 1, now())`,
        [randomUUID(), m.checksum, m.name],
      );
      result.applied.push(m.name);
    }
    return result;
  });
}

/** Names of migrations on disk that the database has not applied (for /readyz). */
export async function pendingMigrations(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const exists = await sql.query<{ t: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
  );
  const all = readMigrations(dir).map((m) => m.name);
  if (!exists[0]?.t) return all;
  const rows = await sql.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return all.filter((n) => !applied.has(n));
}
