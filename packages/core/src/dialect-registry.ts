import type { Core } from "./index.ts";

/** What a dialect adds to a credential of its own when one is created (OAuth client ids…). */
export interface CredentialLoginHook {
  /**
   * Called by credential creation after the credential exists; returns the `login` object the
   * client is configured with (shown once, beside `secret`).
   */
  login(input: {
    core: Core;
    credentialId: string;
    tenantId: string;
    secret: string;
    name: string;
  }): Promise<Record<string, string>>;
}

/**
 * What core needs to know of a dialect to issue its credentials. A dialect definition
 * (`@cg/dialect-kit`) is one; the composition root (gateway, CLI) hands core the list it serves.
 */
export interface RegisteredDialect {
  /** The credentials' dialect name: "plain", "shopify", … */
  name: string;
  /** Scopes a credential of this dialect may hold, and those it gets when none are named. */
  scopes: { all: readonly string[]; defaults: readonly string[] };
  credentials?: CredentialLoginHook | undefined;
}

/** Dialect name → its registration; always holds `internal` (the tRPC API's own credentials). */
export type DialectRegistry = ReadonlyMap<string, RegisteredDialect>;

/**
 * The internal API's credentials. `admin` (its own tenant's credentials and stores) and
 * `operator` (every tenant: tenants, their credentials and stores) only when asked; the first-run
 * credential holds all four.
 */
export const INTERNAL_DIALECT: RegisteredDialect = {
  name: "internal",
  scopes: {
    all: ["customers:read", "customers:write", "admin", "operator"],
    defaults: ["customers:read", "customers:write"],
  },
};

// Credential secrets read `cg_<dialect>_…`: a short lower-case word keeps them recognisable.
const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The registry of `internal` and the given dialects; a duplicate or malformed entry throws. */
export function createDialectRegistry(dialects: readonly RegisteredDialect[]): DialectRegistry {
  const m = new Map<string, RegisteredDialect>([[INTERNAL_DIALECT.name, INTERNAL_DIALECT]]);
  for (const d of dialects) {
    if (!NAME.test(d.name)) throw new Error(`dialect name ${JSON.stringify(d.name)} is malformed`);
    if (m.has(d.name)) throw new Error(`dialect ${d.name} is registered twice`);
    const stray = d.scopes.defaults.filter((s) => !d.scopes.all.includes(s));
    if (stray.length) throw new Error(`dialect ${d.name}: default scope(s) ${stray} not in all`);
    m.set(d.name, d);
  }
  return m;
}

/**
 * @deprecated The scopes the five vendors had while they were listed in core, for callers that
 * create credentials without a registry (`createCredential(db, input)`, `createCore(db)` without
 * `dialects`) while the Fluent, Magento and Capillary definitions land. Pass the registry (the
 * gateway's dialect definitions) instead; this goes once nothing calls the old form.
 */
const legacy = (name: string, all: string[]): RegisteredDialect => ({
  name,
  scopes: { all, defaults: all },
});
export const LEGACY_DIALECTS: DialectRegistry = createDialectRegistry([
  legacy("plain", [
    "customer:read",
    "customer:create",
    "customer:edit",
    "customer:delete",
    "customerGroup:read",
    "customerGroupMembership:read",
    "customerGroupMembership:create",
    "customerGroupMembership:delete",
  ]),
  legacy("shopify", ["read_customers", "write_customers"]),
  legacy("fluent", ["customer:read", "customer:write"]),
  legacy("magento", ["customer:read", "customer:write"]),
  legacy("capillary", ["customer:read", "customer:write"]),
]);
