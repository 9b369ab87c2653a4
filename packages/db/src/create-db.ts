import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { pgliteSql, poolSql, type Sql } from "./sql.ts";

export interface CreateDbOptions {
  /** PostgreSQL URL. Defaults to $DATABASE_URL; when neither is set, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory (default `.data/pglite` under the working directory); "memory://" for RAM. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size (default 32). */
  poolSize?: number | undefined;
}

export interface Db {
  readonly engine: "pglite" | "postgres";
  readonly prisma: PrismaClient;
  readonly sql: Sql;
  /** A short description for logs (never the password). */
  readonly describe: string;
  close(): Promise<void>;
}

// BIGINT, TIMESTAMPTZ and NUMERIC come back as strings from node-postgres by default; the
// store converts explicitly, so that both engines hand core the same shapes.
export function createDb(options: CreateDbOptions = {}): Db {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    // `?schema=x` as in Prisma's own URLs: Prisma's queries qualify tables with it, ours find
    // them through search_path.
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? undefined;
    u.searchParams.delete("schema");
    // JIT off: every statement here is short OLTP work, but once a table outgrows its statistics
    // the planner's estimates cross jit_above_cost and the engine's read paid ~45 ms compiling
    // for a 5 ms query (measured on PostgreSQL 15, where jit is on by default).
    const pgOptions = ["-c jit=off", ...(schema ? [`-c search_path="${schema.replace(/"/g, "")}"`] : [])];
    const pool = new pg.Pool({ connectionString: u.toString(), max: options.poolSize ?? 32, options: pgOptions.join(" ") });
    // An idle client that loses its server must not crash the process.
    pool.on("error", () => {});
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    return {
      engine: "postgres",
      prisma,
      sql: poolSql(pool),
      describe: `postgres://${u.host}${u.pathname}${schema ? ` schema=${schema}` : ""}`,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const dataDir = options.dataDir ?? path.resolve(".data/pglite");
  const memory = dataDir.startsWith("memory://");
  if (!memory) {
    mkdirSync(dataDir, { recursive: true });
    lockDataDir(dataDir);
  }
  const pglite = new PGlite(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    engine: "pglite",
    prisma,
    sql: pgliteSql(pglite),
    describe: `pglite:${dataDir}`,
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      if (!memory) rmSync(path.join(dataDir, LOCK), { force: true });
    },
  };
}

const LOCK = "cg.lock";

/** PGlite is one process's database: a second process opening the same files would corrupt them. */
function lockDataDir(dir: string): void {
  const file = path.join(dir, LOCK);
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
    return;
  } catch {
    const pid = Number(readFileSync(file, "utf8"));
    if (pid && pid !== process.pid && alive(pid))
      throw new Error(`the embedded database in ${dir} is in use by process ${pid}; stop it first (or set DATABASE_URL)`);
    writeFileSync(file, String(process.pid));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}
