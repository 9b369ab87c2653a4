import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "./create-db.ts";
import { migrate } from "./migrate.ts";

export type Engine = "pglite" | "postgres";

/**
 * The engines the suite runs on: always embedded PGlite; PostgreSQL too when TEST_DATABASE_URL
 * is set (.ci/run sets it). Nothing is skipped silently: a run without it says so once.
 */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDb {
  db: Db;
  /** A URL for other processes to open the same database (postgres only). */
  url: string | null;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database. On PostgreSQL each call gets its own schema (search_path), so test
 * files can run in parallel on one server without seeing each other's rows.
 */
export async function createTestDb(
  engine: Engine,
  opts: { migrate?: boolean; poolSize?: number; preparedPoolSize?: number } = {},
): Promise<TestDb> {
  if (engine === "pglite") {
    const db = createDb({ url: "", dataDir: "memory://" });
    if (opts.migrate !== false) await migrate(db.sql);
    return { db, url: null, dispose: () => db.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set("schema", schema);
  const url = u.toString();
  const db = createDb({
    url,
    poolSize: opts.poolSize ?? 40,
    preparedPoolSize: opts.preparedPoolSize,
  });
  if (opts.migrate !== false) await migrate(db.sql);
  return {
    db,
    url,
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
