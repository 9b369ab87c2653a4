import type { Sql } from "./sql.ts";

/** A storefront store code a tenant owns (Magento's `Store` header). */
export interface StoreRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  code: string;
  version: string;
  config: Record<string, unknown>;
  createdAt: string;
}

type Raw = {
  id: string;
  tenant_id: string;
  slug: string;
  code: string;
  version: string;
  config: Record<string, unknown> | string | null;
  created_at: Date | string;
};
const row = (r: Raw): StoreRow => ({
  id: r.id,
  tenantId: r.tenant_id,
  tenantSlug: r.slug,
  code: r.code,
  version: r.version,
  config: (typeof r.config === "string" ? JSON.parse(r.config) : r.config) ?? {},
  createdAt: new Date(r.created_at).toISOString(),
});
const SELECT = `SELECT s.id, s.tenant_id, t.slug, s.code, s.version, s.config, s.created_at
  FROM stores s JOIN tenants t ON t.id = s.tenant_id`;

/** Inserts a store; false when the code is taken (by any tenant). */
export async function insertStore(
  sql: Sql,
  s: { id: string; tenantId: string; code: string; version: string; config: object },
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO stores (id, tenant_id, code, version, config) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [s.id, s.tenantId, s.code, s.version, JSON.stringify(s.config)],
  );
  return rows.length > 0;
}

export async function findStoreByCode(sql: Sql, code: string): Promise<StoreRow | null> {
  const rows = await sql.query<Raw>(`${SELECT} WHERE s.code = $1`, [code]);
  return rows[0] ? row(rows[0]) : null;
}

/** Stores of one tenant (id or slug), or of every tenant; oldest first. */
export async function listStores(sql: Sql, tenant?: string): Promise<StoreRow[]> {
  const rows = tenant
    ? await sql.query<Raw>(`${SELECT} WHERE t.id = $1 OR t.slug = $1 ORDER BY s.created_at, s.id`, [
        tenant,
      ])
    : await sql.query<Raw>(`${SELECT} ORDER BY s.created_at, s.id`);
  return rows.map(row);
}

/** Sets a store's version and/or replaces its config; false when no such code. */
export async function updateStore(
  sql: Sql,
  code: string,
  s: { version?: string; config?: object },
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE stores SET version = COALESCE($2, version), config = COALESCE($3::jsonb, config)
     WHERE code = $1 RETURNING id`,
    [code, s.version ?? null, s.config === undefined ? null : JSON.stringify(s.config)],
  );
  return rows.length > 0;
}

/** When the login's sign-ins are locked until (null: not locked now). */
export async function findSignInLock(
  sql: Sql,
  k: { tenantId: string; kind: string; login: string },
  now: Date,
): Promise<Date | null> {
  const rows = await sql.query<{ locked_until: Date | string }>(
    `SELECT locked_until FROM sign_in_failures
     WHERE tenant_id = $1 AND kind = $2 AND login = $3 AND locked_until > $4::timestamptz`,
    [k.tenantId, k.kind, k.login, now.toISOString()],
  );
  return rows[0] ? new Date(rows[0].locked_until) : null;
}

/**
 * `findSignInLock` for many logins in one statement (concurrent requests' lock checks share it):
 * per key, when it is locked until, or null. Each key carries the time it is checked at. Named:
 * it runs on the prepared sessions, where each key is a primary-key probe.
 */
export async function findSignInLocks(
  sql: Sql,
  keys: readonly { tenantId: string; kind: string; login: string; now: Date }[],
): Promise<(Date | null)[]> {
  if (!keys.length) return [];
  const rows = await sql.query<{ i: number; locked_until: Date | string }>(
    `SELECT k.i, f.locked_until
       FROM json_to_recordset($1::json) k(i int, tenant_id text, kind text, login text, at timestamptz)
       CROSS JOIN LATERAL (
         SELECT s.locked_until FROM sign_in_failures s
          WHERE s.tenant_id = k.tenant_id AND s.kind = k.kind AND s.login = k.login
            AND s.locked_until > k.at) f`,
    [
      JSON.stringify(
        keys.map((k, i) => ({
          i,
          tenant_id: k.tenantId,
          kind: k.kind,
          login: k.login,
          at: k.now.toISOString(),
        })),
      ),
    ],
    "cg_sign_in_locks",
  );
  const out: (Date | null)[] = keys.map(() => null);
  for (const r of rows) out[r.i] = new Date(r.locked_until);
  return out;
}

/**
 * Counts one failed sign-in in one statement (concurrent failures all count); at `maxFailures` the
 * login is locked for `lockSeconds`. A lock that has run out starts the count again. Answers when
 * the login is now locked until (null: not locked).
 */
export async function recordSignInFailure(
  sql: Sql,
  k: { tenantId: string; kind: string; login: string },
  now: Date,
  o: { maxFailures: number; lockSeconds: number },
): Promise<Date | null> {
  const rows = await sql.query<{ locked_until: Date | string | null }>(
    `INSERT INTO sign_in_failures AS f (tenant_id, kind, login, failures, first_failed_at, locked_until)
     VALUES ($1, $2, $3, 1, $4::timestamptz,
             CASE WHEN $5::int <= 1 THEN $4::timestamptz + make_interval(secs => $6::int) END)
     ON CONFLICT (tenant_id, kind, login) DO UPDATE SET
       failures = CASE WHEN f.locked_until <= $4::timestamptz THEN 1 ELSE f.failures + 1 END,
       first_failed_at = CASE WHEN f.locked_until <= $4::timestamptz THEN $4::timestamptz ELSE f.first_failed_at END,
       locked_until = CASE
         WHEN f.locked_until <= $4::timestamptz THEN
           CASE WHEN $5::int <= 1 THEN $4::timestamptz + make_interval(secs => $6::int) END
         WHEN f.failures + 1 >= $5::int THEN $4::timestamptz + make_interval(secs => $6::int)
         ELSE f.locked_until END
     RETURNING locked_until`,
    [k.tenantId, k.kind, k.login, now.toISOString(), o.maxFailures, o.lockSeconds],
  );
  const until = rows[0]?.locked_until;
  return until ? new Date(until) : null;
}

/** A successful sign-in forgets the failures before it. */
export async function clearSignInFailures(
  sql: Sql,
  k: { tenantId: string; kind: string; login: string },
): Promise<void> {
  await sql.query(
    `DELETE FROM sign_in_failures WHERE tenant_id = $1 AND kind = $2 AND login = $3`,
    [k.tenantId, k.kind, k.login],
  );
}
