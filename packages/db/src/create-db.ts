import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { openPgliteDir, pgliteStartParams } from "./pglite-durable.ts";
import { pgliteSql, poolSql, type Sql } from "./sql.ts";

export interface CreateDbOptions {
  /** PostgreSQL URL. Defaults to $DATABASE_URL; when neither is set, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory (default `.data/pglite` under the working directory); "memory://" for RAM. */
  dataDir?: string | undefined;
  /**
   * PGlite on a directory: sync each commit to disk (default true; CG_PGLITE_SYNC=off turns it
   * off). Off, an OS crash or power cut can lose acknowledged commits (kill -9 cannot).
   */
  pgliteSync?: boolean | undefined;
  /** PostgreSQL pool size (default 32). */
  poolSize?: number | undefined;
  /** Connections for prepared statements (default max(8, poolSize / 4)). */
  preparedPoolSize?: number | undefined;
  /**
   * PostgreSQL: the longest a statement waits for a row lock another session holds (the
   * session's `lock_timeout`); past it the statement fails with 55P03, which core retries and then
   * answers BUSY. Default: PostgreSQL's (wait as long as it takes).
   */
  lockTimeoutMs?: number | undefined;
}

export interface Db {
  readonly engine: "pglite" | "postgres";
  readonly prisma: PrismaClient;
  readonly sql: Sql;
  /** A short description for logs (never the password). */
  readonly describe: string;
  close(): Promise<void>;
}

/**
 * Settings of the gateway's sessions.
 * - `jit = off`, everywhere: every statement here is short OLTP work, but once a table outgrew its
 *   statistics the planner's estimates crossed jit_above_cost and the engine's read paid ~45 ms
 *   compiling for a 5 ms query (PostgreSQL 15 has jit on by default).
 * - `enable_seqscan = off`, for prepared statements only (the engine's read and write): PostgreSQL
 *   keeps the generic plan it makes at a prepared statement's sixth run. Made while the tables were
 *   young and tiny, that plan seq-scanned `customers` inside the write's UPDATE (and the read's
 *   tenant probe) and kept doing so as the table grew: 10 ms instead of 0.5 ms per call at 40 000
 *   customers, until an ANALYZE happened to invalidate it. With seq scans priced out the planner
 *   takes the index whatever its statistics say. Statements planned per call (lists, counts,
 *   Prisma's) see the tables as they are and keep the default: a free-text search, which has to
 *   scan, ran 1.7× slower through the tenant index than as a seq scan at 20 000 customers.
 *   On PostgreSQL the prepared statements get their own pool; PGlite is one session, so there the
 *   setting holds for everything (an embedded database for small data).
 *   `test/young-plans.test.ts` pins the prepared plans down.
 * - `synchronous_commit = on`, everywhere: a write is acknowledged only once its commit is on
 *   disk, whatever the server's, database's or role's default (README: durability).
 */
export const SESSION_SETTINGS: readonly (readonly [string, string])[] = [
  ["jit", "off"],
  ["synchronous_commit", "on"],
];
export const PREPARED_SESSION_SETTINGS: readonly (readonly [string, string])[] = [
  ...SESSION_SETTINGS,
  ["enable_seqscan", "off"],
];

const pgOptions = (settings: readonly (readonly [string, string])[], schema: string | undefined) =>
  [
    ...settings.map(([k, v]) => `-c ${k}=${v}`),
    ...(schema ? [`-c search_path="${schema.replace(/"/g, "")}"`] : []),
  ].join(" ");

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
    const max = options.poolSize ?? 32;
    const lock: (readonly [string, string])[] =
      options.lockTimeoutMs === undefined
        ? []
        : [["lock_timeout", `${Math.max(1, Math.round(options.lockTimeoutMs))}ms`]];
    const pool = new pg.Pool({
      connectionString: u.toString(),
      max,
      options: pgOptions([...SESSION_SETTINGS, ...lock], schema),
    });
    // The engine's prepared read and write: group commit keeps their concurrency low.
    const prepared = new pg.Pool({
      connectionString: u.toString(),
      max: options.preparedPoolSize ?? Math.max(8, Math.ceil(max / 4)),
      options: pgOptions([...PREPARED_SESSION_SETTINGS, ...lock], schema),
    });
    // An idle client that loses its server must not crash the process.
    pool.on("error", () => {});
    prepared.on("error", () => {});
    const prisma = new PrismaClient({
      adapter: new PrismaPg(pool, schema ? { schema } : undefined),
    });
    return {
      engine: "postgres",
      prisma,
      sql: poolSql(pool, prepared),
      describe: `postgres://${u.host}${u.pathname}${schema ? ` schema=${schema}` : ""}`,
      async close() {
        await prisma.$disconnect();
        await pool.end();
        await prepared.end();
      },
    };
  }
  const dataDir = options.dataDir ?? path.resolve(".data/pglite");
  const memory = dataDir.startsWith("memory://");
  if (!memory) {
    mkdirSync(dataDir, { recursive: true });
    lockDataDir(dataDir);
  }
  const pglite = memory
    ? new PGlite({ dataDir, startParams: pgliteStartParams({ sync: false }) })
    : openPgliteDir(dataDir, {
        sync: options.pgliteSync ?? process.env.CG_PGLITE_SYNC !== "off",
      });
  // PGlite is one session and runs statements in order: these settings come before any query.
  void pglite
    .exec(PREPARED_SESSION_SETTINGS.map(([k, v]) => `SET ${k} = ${v};`).join(" "))
    .catch(() => {});
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
      throw new Error(
        `the embedded database in ${dir} is in use by process ${pid}; stop it first (or set DATABASE_URL)`,
      );
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
