import type { Sql } from "./sql.ts";

/** A row of access_tokens joined with what authentication needs. */
export interface TokenRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  credentialId: string | null;
  /** The credential's dialect (null for a token without credential). */
  dialect: string | null;
  customerId: string | null;
  kind: string;
  scopes: string[];
  expiresAt: Date;
}

type Raw = {
  id: string;
  tenant_id: string;
  slug: string;
  credential_id: string | null;
  dialect: string | null;
  customer_id: string | null;
  kind: string;
  scopes: string[] | null;
  expires_at: Date | string;
};
const row = (r: Raw): TokenRow => ({
  id: r.id,
  tenantId: r.tenant_id,
  tenantSlug: r.slug,
  credentialId: r.credential_id,
  dialect: r.dialect,
  customerId: r.customer_id,
  kind: r.kind,
  scopes: r.scopes ?? [],
  expiresAt: new Date(r.expires_at),
});

export async function insertToken(
  sql: Sql,
  t: {
    id: string;
    tenantId: string;
    credentialId: string | null;
    customerId: string | null;
    kind: string;
    tokenHash: string;
    scopes: readonly string[];
    expiresAt: Date;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO access_tokens (id, tenant_id, credential_id, customer_id, kind, token_hash, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)`,
    [
      t.id,
      t.tenantId,
      t.credentialId,
      t.customerId,
      t.kind,
      t.tokenHash,
      [...t.scopes],
      t.expiresAt.toISOString(),
    ],
  );
}

const SELECT = `SELECT a.id, a.tenant_id, t.slug, a.credential_id, c.dialect, a.customer_id, a.kind, a.scopes, a.expires_at
  FROM access_tokens a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN credentials c ON c.id = a.credential_id`;
/** Live: not revoked, not expired, and its credential (if any) not revoked. */
const LIVE = `a.revoked_at IS NULL AND a.expires_at > $3 AND (a.credential_id IS NULL OR c.revoked_at IS NULL)`;

/** The live token of this kind with this hash, or null. */
export async function findLiveToken(
  sql: Sql,
  kind: string,
  tokenHash: string,
  now: Date,
): Promise<TokenRow | null> {
  const rows = await sql.query<Raw>(
    `${SELECT} WHERE a.token_hash = $1 AND a.kind = $2 AND ${LIVE}`,
    [tokenHash, kind, now.toISOString()],
  );
  return rows[0] ? row(rows[0]) : null;
}

/**
 * Why a token of this kind and hash is not live: revoked (it or its credential), expired, or null
 * when no such token exists. Read only on the failure path, for vendors that word each case.
 */
export async function findDeadTokenReason(
  sql: Sql,
  kind: string,
  tokenHash: string,
  now: Date,
): Promise<"revoked" | "expired" | null> {
  const rows = await sql.query<{ revoked: boolean; expired: boolean }>(
    `SELECT (a.revoked_at IS NOT NULL OR c.revoked_at IS NOT NULL) AS revoked,
            a.expires_at <= $3 AS expired
       FROM access_tokens a LEFT JOIN credentials c ON c.id = a.credential_id
      WHERE a.token_hash = $1 AND a.kind = $2`,
    [tokenHash, kind, now.toISOString()],
  );
  const r = rows[0];
  return !r ? null : r.revoked ? "revoked" : r.expired ? "expired" : null;
}

/** Revokes the live token of this kind and hash and returns it; null when none was live (single use). */
export async function consumeToken(
  sql: Sql,
  kind: string,
  tokenHash: string,
  now: Date,
): Promise<TokenRow | null> {
  const rows = await sql.query<Raw>(
    `WITH used AS (
       UPDATE access_tokens a SET revoked_at = $3 FROM tenants t
       WHERE a.token_hash = $1 AND a.kind = $2 AND a.revoked_at IS NULL AND a.expires_at > $3
         AND t.id = a.tenant_id
         AND (a.credential_id IS NULL OR EXISTS (SELECT 1 FROM credentials c WHERE c.id = a.credential_id AND c.revoked_at IS NULL))
       RETURNING a.*, t.slug)
     SELECT u.id, u.tenant_id, u.slug, u.credential_id, c.dialect, u.customer_id, u.kind, u.scopes, u.expires_at
     FROM used u LEFT JOIN credentials c ON c.id = u.credential_id`,
    [tokenHash, kind, now.toISOString()],
  );
  return rows[0] ? row(rows[0]) : null;
}

/** Revokes live tokens matching every given condition; returns how many. */
export async function revokeTokens(
  sql: Sql,
  where: { tokenHash?: string; customerId?: string; credentialId?: string; exceptHash?: string },
  now: Date,
): Promise<number> {
  const conds: string[] = ["revoked_at IS NULL"];
  const params: unknown[] = [now.toISOString()];
  const add = (col: string, v: string | undefined, op = "=") => {
    if (v === undefined) return;
    params.push(v);
    conds.push(`${col} ${op} $${params.length}`);
  };
  add("token_hash", where.tokenHash);
  add("customer_id", where.customerId);
  add("credential_id", where.credentialId);
  add("token_hash", where.exceptHash, "<>");
  if (conds.length === 1) throw new Error("revokeTokens needs a condition");
  const rows = await sql.query<{ id: string }>(
    `UPDATE access_tokens SET revoked_at = $1 WHERE ${conds.join(" AND ")} RETURNING id`,
    params,
  );
  return rows.length;
}

/** A credential login row with its credential's state. */
export interface LoginRow {
  credentialId: string;
  secretHash: string;
}

export async function insertLogin(
  sql: Sql,
  l: { id: string; credentialId: string; kind: string; login: string; secretHash: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO credential_logins (id, credential_id, kind, login, secret_hash) VALUES ($1, $2, $3, $4, $5)`,
    [l.id, l.credentialId, l.kind, l.login, l.secretHash],
  );
}

/** The login of this kind and name whose credential is not revoked, or null. */
export async function findLogin(sql: Sql, kind: string, login: string): Promise<LoginRow | null> {
  const rows = await sql.query<{ credential_id: string; secret_hash: string }>(
    `SELECT l.credential_id, l.secret_hash FROM credential_logins l
     JOIN credentials c ON c.id = l.credential_id
     WHERE l.kind = $1 AND l.login = $2 AND c.revoked_at IS NULL`,
    [kind, login],
  );
  const r = rows[0];
  return r ? { credentialId: r.credential_id, secretHash: r.secret_hash } : null;
}

/** The principal fields of a live (not revoked) credential, or null. */
export async function findLiveCredential(
  sql: Sql,
  id: string,
): Promise<{
  id: string;
  tenantId: string;
  tenantSlug: string;
  dialect: string;
  scopes: string[];
} | null> {
  const rows = await sql.query<{
    id: string;
    tenant_id: string;
    slug: string;
    dialect: string;
    scopes: string[] | null;
  }>(
    `SELECT c.id, c.tenant_id, t.slug, c.dialect, c.scopes FROM credentials c JOIN tenants t ON t.id = c.tenant_id
     WHERE c.id = $1 AND c.revoked_at IS NULL`,
    [id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        tenantId: r.tenant_id,
        tenantSlug: r.slug,
        dialect: r.dialect,
        scopes: r.scopes ?? [],
      }
    : null;
}

/** A tenant's settings that dialects read per request. */
export interface TenantSettingsRow {
  id: string;
  slug: string;
  defaultCountry: string | null;
}

export async function findTenantSettings(sql: Sql, id: string): Promise<TenantSettingsRow | null> {
  const rows = await sql.query<{ id: string; slug: string; default_country: string | null }>(
    `SELECT id, slug, default_country FROM tenants WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, slug: r.slug, defaultCountry: r.default_country } : null;
}

export async function updateTenantSettings(
  sql: Sql,
  id: string,
  s: { defaultCountry?: string | null },
): Promise<boolean> {
  if (s.defaultCountry === undefined) return true;
  const rows = await sql.query(
    `UPDATE tenants SET default_country = $2 WHERE id = $1 RETURNING id`,
    [id, s.defaultCountry],
  );
  return rows.length > 0;
}
