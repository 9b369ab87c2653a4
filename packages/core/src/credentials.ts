import { createHash, randomBytes } from "node:crypto";
import {
  type CredentialRecord,
  countTenants,
  type Db,
  ensureFirstRetailer,
  findCredential,
  findCredentialBySecretHash,
  findCredentialsByIds,
  findTenant,
  insertCredential,
  insertStore,
  insertTenant,
  listCredentialRecords,
  listTenantRecords,
  revokeCredentialRecord,
  type TenantRecord,
  tenantSlugExists,
} from "@cg/db";
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

export type TenantView = TenantRecord;

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
  if (await tenantSlugExists(db, slug)) return taken();
  // "taken" here: two creators raced past the check (e.g. two gateways bootstrapping one database).
  const t = await insertTenant(db, { id: `t_${newId()}`, slug, name: name ?? slug });
  return t === "taken" ? taken() : ok(t);
}

export const listTenants = (db: Db): Promise<TenantView[]> => listTenantRecords(db);

export const getTenant = (db: Db, slugOrId: string): Promise<TenantView | null> =>
  findTenant(db, slugOrId);

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
  const tenant = await findTenant(db, input.tenant);
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
  const c = await insertCredential(db, tenant, {
    id: `cred_${newId()}`,
    dialect,
    name: input.name ?? `${dialect} credential`,
    secretHash: hash(secret),
    prefix: secret.slice(0, 14),
    scopes,
  });
  return ok({ credential: { ...view(c), secret }, tenantId: tenant.id });
}

const view = (c: CredentialRecord): CredentialView => ({
  id: c.id,
  tenantSlug: c.tenantSlug,
  dialect: c.dialect,
  name: c.name,
  prefix: c.prefix,
  scopes: c.scopes,
  createdAt: c.createdAt,
  revokedAt: c.revokedAt,
});

export async function listCredentials(db: Db, tenant?: string): Promise<CredentialView[]> {
  return (await listCredentialRecords(db, tenant)).map(view);
}

export async function findCredentialView(
  db: Db,
  id: string,
  tenantId?: string,
): Promise<CredentialView | null> {
  const c = await findCredential(db, id, tenantId);
  return c && view(c);
}

/**
 * A tenant's credentials by id, in one read (dialects show a writer, e.g. Plain's machine user,
 * for every row of a page); input order, null where the id is not one of the tenant's.
 */
export async function getCredentials(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<(CredentialView | null)[]> {
  if (!ids.length) return [];
  const rows = await findCredentialsByIds(db, tenantId, ids);
  const byId = new Map(rows.map((r) => [r.id, view(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function revokeCredential(
  db: Db,
  id: string,
  tenantId?: string,
): Promise<Result<CredentialView>> {
  const c = await findCredential(db, id, tenantId);
  if (!c) return fail(ErrorKind.NOT_FOUND, `Credential ${id} not found`);
  const r = c.revokedAt ? c : await revokeCredentialRecord(db, id);
  authCache.clear();
  return ok(view(r));
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
  const r = await findCredentialBySecretHash(db.sql, h);
  const principal =
    r && !r.revoked
      ? {
          tenantId: r.tenantId,
          tenantSlug: r.tenantSlug,
          credentialId: r.id,
          dialect: r.dialect,
          scopes: r.scopes,
        }
      : null;
  if (authCache.size > 10_000) authCache.clear();
  authCache.set(h, { at: now, principal });
  return principal;
}

/**
 * On an empty database: a `default` tenant that owns the storefront store code `default` (what a
 * Magento request without a `Store` header is served as), and an internal credential for the
 * newcomer.
 */
export async function bootstrap(
  db: Db,
): Promise<{ tenant: TenantView; credential: NewCredential } | null> {
  if ((await countTenants(db)) > 0) return null;
  const t = await createTenant(db, "default", "Default tenant");
  if (!t.ok) return null; // another process bootstrapped first
  await insertStore(db.sql, {
    id: `store_${newId()}`,
    tenantId: t.value.id,
    code: "default",
    version: "2.4.9",
    config: {},
  });
  // The default tenant is a Fluent account too: its first retailer is 1 (Fluent's own default).
  await ensureFirstRetailer(db.sql, t.value.id);
  const c = await createCredential(db, {
    tenant: "default",
    dialect: "internal",
    name: "bootstrap",
    scopes: [...INTERNAL_DIALECT.scopes.all],
  });
  if (!c.ok) return null;
  return { tenant: t.value, credential: c.value };
}
