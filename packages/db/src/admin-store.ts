import type { Db } from "./create-db.ts";
import type { Sql } from "./sql.ts";

/**
 * Tenants, credentials and customer groups: the administrative rows. Reads and writes go through
 * the Prisma client (these are not on the hot path), except `findCredentialBySecretHash`, which
 * runs on every request and is one fixed SQL statement. Times come back as ISO strings.
 */

export interface TenantRecord {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export interface CredentialRecord {
  id: string;
  tenantId: string;
  tenantSlug: string;
  dialect: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface GroupRecord {
  id: string;
  key: string;
  name: string;
  externalId: string | null;
  color: string | null;
  createdAt: string;
}

/** Prisma's unique-constraint error code, with the fields it names. */
const uniqueTarget = (err: unknown): string | null =>
  (err as { code?: unknown }).code === "P2002"
    ? JSON.stringify((err as { meta?: unknown }).meta ?? "")
    : null;

const tenantRecord = (t: { id: string; slug: string; name: string; createdAt: Date }) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  createdAt: t.createdAt.toISOString(),
});

export async function tenantSlugExists(db: Db, slug: string): Promise<boolean> {
  return (await db.prisma.tenant.findUnique({ where: { slug }, select: { id: true } })) !== null;
}

/** "taken" when the slug is (or, racing another creator, became) someone else's. */
export async function insertTenant(
  db: Db,
  t: { id: string; slug: string; name: string },
): Promise<TenantRecord | "taken"> {
  try {
    return tenantRecord(await db.prisma.tenant.create({ data: t }));
  } catch (err) {
    if (uniqueTarget(err) !== null) return "taken";
    throw err;
  }
}

/** A tenant by slug or id. */
export async function findTenant(db: Db, slugOrId: string): Promise<TenantRecord | null> {
  const t = await db.prisma.tenant.findFirst({
    where: { OR: [{ slug: slugOrId }, { id: slugOrId }] },
  });
  return t && tenantRecord(t);
}

export async function listTenantRecords(db: Db): Promise<TenantRecord[]> {
  return (await db.prisma.tenant.findMany({ orderBy: { createdAt: "asc" } })).map(tenantRecord);
}

export const countTenants = (db: Db): Promise<number> => db.prisma.tenant.count();

type CredentialRow = {
  id: string;
  tenantId: string;
  dialect: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  tenant: { slug: string };
};
const credentialRecord = (c: CredentialRow): CredentialRecord => ({
  id: c.id,
  tenantId: c.tenantId,
  tenantSlug: c.tenant.slug,
  dialect: c.dialect,
  name: c.name,
  prefix: c.prefix,
  scopes: c.scopes,
  createdAt: c.createdAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

/** `tenant` is the credential's tenant, as the caller found it. */
export async function insertCredential(
  db: Db,
  tenant: { id: string; slug: string },
  c: {
    id: string;
    dialect: string;
    name: string;
    secretHash: string;
    prefix: string;
    scopes: string[];
  },
): Promise<CredentialRecord> {
  const row = await db.prisma.credential.create({ data: { ...c, tenantId: tenant.id } });
  return credentialRecord({ ...row, tenant: { slug: tenant.slug } });
}

/** Every credential, or a tenant's (by slug or id), oldest first. */
export async function listCredentialRecords(db: Db, tenant?: string): Promise<CredentialRecord[]> {
  const rows = await db.prisma.credential.findMany({
    where: tenant ? { tenant: { OR: [{ slug: tenant }, { id: tenant }] } } : {},
    include: { tenant: { select: { slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(credentialRecord);
}

/** A tenant's credentials among `ids`, in one read (any order). */
export async function findCredentialsByIds(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<CredentialRecord[]> {
  const rows = await db.prisma.credential.findMany({
    where: { tenantId, id: { in: [...new Set(ids)] } },
    include: { tenant: { select: { slug: true } } },
  });
  return rows.map(credentialRecord);
}

export async function findCredential(
  db: Db,
  id: string,
  tenantId?: string,
): Promise<CredentialRecord | null> {
  const c = await db.prisma.credential.findFirst({
    where: { id, ...(tenantId ? { tenantId } : {}) },
    include: { tenant: { select: { slug: true } } },
  });
  return c && credentialRecord(c);
}

/** Sets revoked_at to now; returns the credential as stored afterwards. */
export async function revokeCredentialRecord(db: Db, id: string): Promise<CredentialRecord> {
  return credentialRecord(
    await db.prisma.credential.update({
      where: { id },
      data: { revokedAt: new Date() },
      include: { tenant: { select: { slug: true } } },
    }),
  );
}

export interface CredentialAuth {
  id: string;
  tenantId: string;
  tenantSlug: string;
  dialect: string;
  scopes: string[];
  revoked: boolean;
}

/** The credential a secret's hash belongs to (revoked or not), with its tenant's slug. */
export async function findCredentialBySecretHash(
  sql: Sql,
  secretHash: string,
): Promise<CredentialAuth | null> {
  const rows = await sql.query<{
    id: string;
    tenant_id: string;
    slug: string;
    dialect: string;
    scopes: string[] | null;
    revoked_at: unknown;
  }>(
    `SELECT c.id, c.tenant_id, t.slug, c.dialect, c.scopes, c.revoked_at FROM credentials c JOIN tenants t ON t.id = c.tenant_id WHERE c.secret_hash = $1`,
    [secretHash],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        tenantId: r.tenant_id,
        tenantSlug: r.slug,
        dialect: r.dialect,
        scopes: r.scopes ?? [],
        revoked: r.revoked_at != null,
      }
    : null;
}

const groupRecord = (g: {
  id: string;
  key: string;
  name: string;
  externalId: string | null;
  color: string | null;
  createdAt: Date;
}): GroupRecord => ({
  id: g.id,
  key: g.key,
  name: g.name,
  externalId: g.externalId,
  color: g.color,
  createdAt: g.createdAt.toISOString(),
});

export async function groupKeyExists(db: Db, tenantId: string, key: string): Promise<boolean> {
  return (
    (await db.prisma.customerGroup.findFirst({
      where: { tenantId, key },
      select: { id: true },
    })) !== null
  );
}

/** `{ taken }` names the unique field another group holds (a racing create, or the external id). */
export async function insertGroup(
  db: Db,
  g: {
    id: string;
    tenantId: string;
    key: string;
    name: string;
    externalId: string | null;
    color: string | null;
  },
): Promise<GroupRecord | { taken: "key" | "externalId" }> {
  try {
    return groupRecord(await db.prisma.customerGroup.create({ data: g }));
  } catch (err) {
    const target = uniqueTarget(err);
    if (target !== null) return { taken: target.includes("external") ? "externalId" : "key" };
    throw err;
  }
}

export async function listGroupRecords(db: Db, tenantId: string): Promise<GroupRecord[]> {
  return (
    await db.prisma.customerGroup.findMany({ where: { tenantId }, orderBy: { key: "asc" } })
  ).map(groupRecord);
}

/** A tenant's groups named by any of these ids, keys or external ids (the upsert's group refs). */
export async function loadGroupsByRef(
  sql: Sql,
  tenantId: string,
  refs: { ids: string[]; keys: string[]; externalIds: string[] },
): Promise<{ id: string; key: string; name: string; externalId: string | null }[]> {
  const rows = await sql.query<{
    id: string;
    key: string;
    name: string;
    external_id: string | null;
  }>(
    `SELECT id, key, name, external_id FROM customer_groups WHERE tenant_id = $1 AND (id = ANY($2::text[]) OR key = ANY($3::text[]) OR external_id = ANY($4::text[]))`,
    [tenantId, refs.ids, refs.keys, refs.externalIds],
  );
  return rows.map((r) => ({ id: r.id, key: r.key, name: r.name, externalId: r.external_id }));
}
