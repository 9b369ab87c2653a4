import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@cg/db";
import { type DialectRegistry, INTERNAL_DIALECT, LEGACY_DIALECTS } from "./dialect-registry.ts";
import { ErrorKind, FieldCode, fail, invalid, ok, type Result } from "./errors.ts";
import { newId } from "./new-id.ts";

/**
 * A credential's dialect: "internal" or the name of a registered dialect (dialect-registry.ts).
 * A string, so registering a dialect never edits core.
 */
export type Dialect = string;

export interface Principal {
  tenantId: string;
  tenantSlug: string;
  credentialId: string;
  dialect: Dialect;
  scopes: string[];
}

const hash = (secret: string) => createHash("sha256").update(secret).digest("hex");
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export async function createTenant(
  db: Db,
  slug: string,
  name?: string,
): Promise<Result<TenantView>> {
  if (!SLUG.test(slug))
    return invalid([
      {
        path: ["slug"],
        code: FieldCode.INVALID,
        message: "slug must be lower-case letters, digits and dashes (max 63)",
      },
    ]);
  const taken = () =>
    fail<TenantView>(ErrorKind.ALREADY_EXISTS, `Tenant ${slug} already exists`, [
      { path: ["slug"], code: FieldCode.TAKEN, message: "slug has already been taken" },
    ]);
  if (await db.prisma.tenant.findUnique({ where: { slug } })) return taken();
  try {
    const t = await db.prisma.tenant.create({
      data: { id: `t_${newId()}`, slug, name: name ?? slug },
    });
    return ok({ id: t.id, slug: t.slug, name: t.name, createdAt: t.createdAt.toISOString() });
  } catch (err) {
    // Two creators raced past the check (e.g. two gateways bootstrapping one empty database).
    if ((err as { code?: unknown }).code === "P2002") return taken();
    throw err;
  }
}

export async function listTenants(db: Db): Promise<TenantView[]> {
  const rows = await db.prisma.tenant.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
  }));
}

export interface CredentialView {
  id: string;
  tenantSlug: string;
  dialect: Dialect;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface NewCredential extends CredentialView {
  /** Shown once; only its hash is stored. */
  secret: string;
}

/**
 * A new credential of a registered dialect, with the dialect's default scopes unless some are
 * named. Without `registry`, the deprecated built-in list (LEGACY_DIALECTS) is used.
 */
export async function createCredential(
  db: Db,
  input: {
    tenant: string;
    dialect: string;
    scopes?: string[] | undefined;
    name?: string | undefined;
  },
  registry: DialectRegistry = LEGACY_DIALECTS,
): Promise<Result<NewCredential>> {
  const r = await issueCredential(db, input, registry);
  return r.ok ? ok(r.value.credential) : r;
}

/** createCredential, also answering the tenant's id (for a dialect's login hook). */
export async function issueCredential(
  db: Db,
  input: Parameters<typeof createCredential>[1],
  registry: DialectRegistry,
): Promise<Result<{ credential: NewCredential; tenantId: string }>> {
  const known = registry.get(input.dialect);
  if (!known)
    return invalid([
      {
        path: ["dialect"],
        code: FieldCode.INCLUSION,
        message: `dialect must be one of ${[...registry.keys()].join(", ")}`,
      },
    ]);
  const dialect = known.name;
  const tenant = await db.prisma.tenant.findFirst({
    where: { OR: [{ slug: input.tenant }, { id: input.tenant }] },
  });
  if (!tenant)
    return fail(ErrorKind.NOT_FOUND, `Tenant ${input.tenant} not found`, [
      { path: ["tenant"], code: FieldCode.NOT_FOUND, message: "tenant not found" },
    ]);
  const all = known.scopes.all;
  const scopes = input.scopes?.length ? input.scopes : [...known.scopes.defaults];
  const unknown = scopes.filter((s) => !all.includes(s));
  if (unknown.length)
    return invalid([
      {
        path: ["scopes"],
        code: FieldCode.INCLUSION,
        message: `unknown scope(s) for ${dialect}: ${unknown.join(", ")} (known: ${all.join(", ")})`,
      },
    ]);
  // Vendors' token shapes differ; ours is one opaque, high-entropy string, so sha256 suffices.
  const secret = `cg_${dialect}_${randomBytes(24).toString("base64url")}`;
  const c = await db.prisma.credential.create({
    data: {
      id: `cred_${newId()}`,
      tenantId: tenant.id,
      dialect,
      name: input.name ?? `${dialect} credential`,
      secretHash: hash(secret),
      prefix: secret.slice(0, 14),
      scopes,
    },
  });
  return ok({ credential: { ...view(c, tenant.slug), secret }, tenantId: tenant.id });
}

type CredentialRow = {
  id: string;
  dialect: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
};
const view = (c: CredentialRow, tenantSlug: string): CredentialView => ({
  id: c.id,
  tenantSlug,
  dialect: c.dialect,
  name: c.name,
  prefix: c.prefix,
  scopes: c.scopes,
  createdAt: c.createdAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

export async function listCredentials(db: Db, tenant?: string): Promise<CredentialView[]> {
  const rows = await db.prisma.credential.findMany({
    where: tenant ? { tenant: { OR: [{ slug: tenant }, { id: tenant }] } } : {},
    include: { tenant: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => view(r, r.tenant.slug));
}

export async function revokeCredential(
  db: Db,
  id: string,
  tenantId?: string,
): Promise<Result<CredentialView>> {
  const c = await db.prisma.credential.findFirst({
    where: { id, ...(tenantId ? { tenantId } : {}) },
    include: { tenant: true },
  });
  if (!c) return fail(ErrorKind.NOT_FOUND, `Credential ${id} not found`);
  const r = c.revokedAt
    ? c
    : await db.prisma.credential.update({
        where: { id },
        data: { revokedAt: new Date() },
        include: { tenant: true },
      });
  authCache.clear();
  return ok(view(r, c.tenant.slug));
}

// Authentication runs on every request: cache positive and negative answers briefly.
// Revocation through this process clears the cache at once; another process sees it within TTL.
const AUTH_TTL_MS = 2000;
const authCache = new Map<string, { at: number; principal: Principal | null }>();

export async function authenticate(db: Db, secret: string): Promise<Principal | null> {
  if (!secret || secret.length > 512) return null;
  const h = hash(secret);
  const hit = authCache.get(h);
  const now = Date.now();
  if (hit && now - hit.at < AUTH_TTL_MS) return hit.principal;
  const rows = await db.sql.query<{
    id: string;
    tenant_id: string;
    slug: string;
    dialect: string;
    scopes: string[];
    revoked_at: unknown;
  }>(
    `SELECT c.id, c.tenant_id, t.slug, c.dialect, c.scopes, c.revoked_at FROM credentials c JOIN tenants t ON t.id = c.tenant_id WHERE c.secret_hash = $1`,
    [h],
  );
  const r = rows[0];
  const principal =
    r && !r.revoked_at
      ? {
          tenantId: r.tenant_id,
          tenantSlug: r.slug,
          credentialId: r.id,
          dialect: r.dialect,
          scopes: r.scopes ?? [],
        }
      : null;
  if (authCache.size > 10_000) authCache.clear();
  authCache.set(h, { at: now, principal });
  return principal;
}

/** On an empty database: a `default` tenant and an internal credential for the newcomer. */
export async function bootstrap(
  db: Db,
): Promise<{ tenant: TenantView; credential: NewCredential } | null> {
  if ((await db.prisma.tenant.count()) > 0) return null;
  const t = await createTenant(db, "default", "Default tenant");
  if (!t.ok) return null; // another process bootstrapped first
  const c = await createCredential(db, {
    tenant: "default",
    dialect: "internal",
    name: "bootstrap",
    scopes: [...INTERNAL_DIALECT.scopes.all],
  });
  if (!c.ok) return null;
  return { tenant: t.value, credential: c.value };
}
