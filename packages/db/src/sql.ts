import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * `name` makes it a prepared statement on PostgreSQL (parsed and planned once per connection);
 * give it only to statements whose text never changes.
 */
type Query = <T = Record<string, unknown>>(
  text: string,
  params?: readonly unknown[],
  name?: string,
) => Promise<T[]>;

export interface SqlTx {
  query: Query;
  /** Several statements separated by semicolons, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * The narrow SQL surface the hot path uses. Prisma's query compiler adds a planning step and
 * several round trips per nested write; the upsert engine sends one statement per batch instead,
 * over the same pool (or PGlite instance) the Prisma client uses.
 */
export interface Sql {
  readonly engine: "pglite" | "postgres";
  query: Query;
  /** Runs fn inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}

/** PostgreSQL error code of a unique violation; the upsert engine retries those as a lookup. */
export const UNIQUE_VIOLATION = "23505";

/**
 * PostgreSQL's answers to a write that met another one: serialization_failure, deadlock_detected
 * (the one of two deadlocked statements it aborts), lock_not_available (a row lock waited on past
 * lock_timeout). Nothing of the statement was written; run again from a fresh read, it may pass.
 */
export const CONTENTION_CODES: ReadonlySet<string> = new Set(["40001", "40P01", "55P03"]);

export function isContention(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && (err as { code?: unknown }).code;
  return typeof code === "string" && CONTENTION_CODES.has(code);
}

export function isUniqueViolation(err: unknown): boolean {
  return (
    typeof err === "object" && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}

/**
 * `prepared` (default: `pool`) runs the named statements: PostgreSQL keeps the generic plan it
 * makes for one at its sixth run, so those sessions are set up for plans that must outlive the
 * table sizes they were made for (see SESSION_SETTINGS in create-db.ts).
 */
export function poolSql(pool: pg.Pool, prepared: pg.Pool = pool): Sql {
  return {
    engine: "postgres",
    async query<T>(text: string, params?: readonly unknown[], name?: string) {
      const r = name
        ? await prepared.query({ name, text, values: params as unknown[] | undefined })
        : await pool.query(text, params as unknown[] | undefined);
      return r.rows as T[];
    },
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>) {
      const client = await pool.connect();
      const tx: SqlTx = {
        async query<R>(text: string, params?: readonly unknown[]) {
          return (await client.query(text, params as unknown[] | undefined)).rows as R[];
        },
        async exec(text) {
          await client.query(text);
        },
      };
      try {
        await client.query("BEGIN");
        const out = await fn(tx);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * PGlite has no named statements in its API and plans every query anew: for the upsert's large
 * write that is most of its cost (~6 ms). SQL-level PREPARE works, but EXECUTE takes no bind
 * parameters, so a named statement whose parameters are all strings is run as
 * `EXECUTE name('…')` with each string quoted as a literal (quotes doubled; only done when
 * standard_conforming_strings is on, so a backslash is an ordinary character). Anything else
 * runs as a plain parameterised query.
 */
export function pgliteSql(db: PGlite): Sql {
  const prepared = new Map<string, Promise<boolean>>();
  const prepare = (name: string, text: string) => {
    let p = prepared.get(name);
    if (!p) {
      p = (async () => {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) return false;
        const [row] = (
          await db.query<{ standard_conforming_strings: string }>(
            "SHOW standard_conforming_strings",
          )
        ).rows;
        if (row?.standard_conforming_strings !== "on") return false;
        await db.query(`PREPARE ${name} AS ${text}`);
        return true;
      })();
      prepared.set(name, p);
    }
    return p;
  };
  return {
    engine: "pglite",
    async query<T>(text: string, params?: readonly unknown[], name?: string) {
      if (name && params?.every((v) => typeof v === "string") && (await prepare(name, text))) {
        const args = (params as string[]).map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
        return (await db.query<T>(`EXECUTE ${name}(${args})`)).rows;
      }
      return (await db.query<T>(text, params as unknown[] | undefined)).rows;
    },
    transaction<T>(fn: (tx: SqlTx) => Promise<T>) {
      return db.transaction((t) =>
        fn({
          async query<R>(text: string, params?: readonly unknown[]) {
            return (await t.query<R>(text, params as unknown[] | undefined)).rows;
          },
          async exec(text) {
            await t.exec(text);
          },
        }),
      );
    },
  };
}
