import type { Sql } from "./sql.ts";

/** A Fluent Commerce retailer of a tenant (fluent_retailers). */
export interface RetailerRow {
  id: number;
  ref: string;
  createdAt: Date;
}

type Raw = { id: number; ref: string; created_at: Date | string };
const row = (r: Raw): RetailerRow => ({
  id: Number(r.id),
  ref: r.ref,
  createdAt: new Date(r.created_at),
});

/** The tenant's retailers, by id. */
export async function listRetailers(sql: Sql, tenantId: string): Promise<RetailerRow[]> {
  const rows = await sql.query<Raw>(
    `SELECT id, ref, created_at FROM fluent_retailers WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  return rows.map(row);
}

/** One retailer of the tenant, or null. */
export async function findRetailer(
  sql: Sql,
  tenantId: string,
  id: number,
): Promise<RetailerRow | null> {
  const rows = await sql.query<Raw>(
    `SELECT id, ref, created_at FROM fluent_retailers WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return rows[0] ? row(rows[0]) : null;
}

/**
 * A new retailer with the tenant's next id (1 for its first). Two creators racing for one id:
 * the primary key turns the loser into a unique violation, which the caller retries.
 */
export async function insertRetailer(
  sql: Sql,
  tenantId: string,
  ref: string | null,
): Promise<RetailerRow> {
  const rows = await sql.query<Raw>(
    `INSERT INTO fluent_retailers (tenant_id, id, ref)
     SELECT $1, n, COALESCE($2, 'RETAILER_' || n)
       FROM (SELECT COALESCE(MAX(id), 0) + 1 AS n FROM fluent_retailers WHERE tenant_id = $1) m
     RETURNING id, ref, created_at`,
    [tenantId, ref],
  );
  return row(rows[0]!);
}

/** Retailer 1 of the tenant, created if the tenant has no retailer yet; the lowest id otherwise. */
export async function ensureFirstRetailer(sql: Sql, tenantId: string): Promise<RetailerRow> {
  await sql.query(
    `INSERT INTO fluent_retailers (tenant_id, id, ref)
     SELECT $1, 1, 'RETAILER_1' WHERE NOT EXISTS (SELECT 1 FROM fluent_retailers WHERE tenant_id = $1)
     ON CONFLICT DO NOTHING`,
    [tenantId],
  );
  const rows = await sql.query<Raw>(
    `SELECT id, ref, created_at FROM fluent_retailers WHERE tenant_id = $1 ORDER BY id LIMIT 1`,
    [tenantId],
  );
  return row(rows[0]!);
}
