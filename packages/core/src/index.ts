import type { Db } from "@cg/db";
import { createTokens } from "./access-tokens.ts";
import {
  authenticate,
  type CredentialView,
  createTenant,
  findCredentialView,
  getCredentials,
  getTenant,
  issueCredential,
  listCredentials,
  listTenants,
  type NewCredential,
  type Principal,
  revokeCredential,
} from "./credentials.ts";
import { createCustomerGroup, listCustomerGroups } from "./customer-groups.ts";
import { deleteCustomer } from "./delete-customer.ts";
import {
  createDialectRegistry,
  type DialectRegistry,
  LEGACY_DIALECTS,
  type RegisteredDialect,
} from "./dialect-registry.ts";
import { ErrorKind, fail, ok, type Result } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { silentLogger } from "./logger.ts";
import type { CallContext, Customer, LookupKey, UpsertInput, UpsertOutcome } from "./model.ts";
import {
  customerHistory,
  getByIds,
  getCustomers,
  type ListInput,
  listCustomersPage,
  lookupCustomer,
} from "./read-customers.ts";
import { annotateOutcomes, annotateRequest } from "./request-log.ts";
import { createRetailers } from "./retailers.ts";
import { createSignInThrottle } from "./sign-in-throttle.ts";
import { createStores } from "./stores.ts";
import { createTenantSettings } from "./tenant-settings.ts";
import { createBatcher } from "./upsert-batcher.ts";
import { runUpserts, type UpsertCall } from "./upsert-engine.ts";

export type { IssueTokenInput, TokenGrant, Tokens } from "./access-tokens.ts";
export { bearerToken } from "./bearer.ts";
export { checkPageArgs, type PageArgs } from "./check-page-args.ts";
export {
  type Country,
  countryCodeOf,
  countryName,
  countryNameOf,
  findCountry,
  findRegion,
  findRegionById,
  hasSubdivisions,
  listCountries,
  type Region,
  resolveAddressRegion,
  subdivisionCodeOf,
  subdivisionNameOf,
} from "./countries.ts";
export * from "./credentials.ts";
export * from "./customer-groups.ts";
export { type CustomerNames, customerNames, joinNames, splitFullName } from "./customer-names.ts";
export { CUSTOMER_REF_FORMS, customerRef } from "./customer-ref.ts";
export {
  displayName,
  primaryEmail,
  primaryIdentifier,
  primaryPhone,
} from "./customer-view.ts";
export * from "./dialect-registry.ts";
export * from "./errors.ts";
export type { Logger } from "./logger.ts";
export { silentLogger } from "./logger.ts";
export * from "./model.ts";
export {
  msisdnToE164,
  normalizeEmail,
  normalizeIdentifierValue,
  normalizePhone,
  sameIdentifier,
} from "./normalize-identifier.ts";
export {
  checkPassword,
  type PasswordPolicy,
  PasswordRule,
} from "./password-policy.ts";
export type { ListInput, Page } from "./read-customers.ts";
export type { RecordError, RecordFormat, RecordRead } from "./record-format.ts";
export * from "./request-log.ts";
export type { Retailer, Retailers } from "./retailers.ts";
export { hashSecret, verifySecret } from "./secret-hash.ts";
export type { SignInKey, ThrottleRule } from "./sign-in-throttle.ts";
export {
  type CreateStoreInput,
  DEFAULT_STORE_VERSION,
  STORE_VERSIONS,
  type Stores,
  type StoreVersion,
  type StoreView,
} from "./stores.ts";
export type { TenantSettings } from "./tenant-settings.ts";

export interface CoreOptions {
  log?: Logger;
  /** Concurrent upsert batches in flight (group commit). Default 4. */
  maxInFlight?: number;
  /** upsertMany items per statement. Default 100. */
  chunkSize?: number;
  /**
   * How many times a write that lost a race (a unique violation, a version that moved, or the
   * database's serialization failure, deadlock or lock timeout) is planned again before it
   * answers BUSY. Default 30 for upserts, 10 for deletes; tests pass a small number.
   */
  writeAttempts?: number;
  /** Called once per upsert outcome (metrics). */
  observe?: (dialect: string, outcome: string) => void;
  /**
   * Milliseconds since the epoch: token expiry, and the time a write stamps where the caller gave
   * none (consents); tests pass a manual clock. Default Date.now.
   */
  clock?: () => number;
  /**
   * The dialects this process serves (their definitions): which dialect names and scopes a new
   * credential may have, and the login hook that runs when one is created. `internal` is always
   * there. Absent: the deprecated built-in list (LEGACY_DIALECTS).
   */
  dialects?: readonly RegisteredDialect[];
}

/** A credential just created: its secret and, for a dialect with a login hook, its `login`. */
export interface CreatedCredential extends NewCredential {
  /** What the dialect's client is configured with besides the secret; shown once. */
  login?: Record<string, string>;
}

/** @deprecated Dialects take @cg/dialect-kit's DialectDeps (what createDialectHandler hands setup). */
export interface DialectDeps {
  core: Core;
  log: Logger;
  /** Introspection, GraphiQL and verbose errors: on in development only. */
  development?: boolean;
}

/** A dialect app is a fetch handler: Request in, Response out. */
export type FetchHandler = (req: Request) => Promise<Response>;

/** The customer service every dialect and the internal API call. One per process (per Db). */
export function createCore(db: Db, opts: CoreOptions = {}) {
  const log = opts.log ?? silentLogger;
  const chunk = opts.chunkSize ?? 100;
  const observe = opts.observe;
  const clock = opts.clock ?? Date.now;
  const safeRun = async (calls: UpsertCall[]): Promise<Result<UpsertOutcome>[]> => {
    let out: Result<UpsertOutcome>[];
    try {
      out = await runUpserts(db, log, calls, clock, opts.writeAttempts);
    } catch (err) {
      log.error({ err }, "upsert failed");
      out = calls.map(() => fail(ErrorKind.INTERNAL, "Internal error"));
    }
    if (observe)
      out.forEach((r, i) =>
        observe(calls[i]!.ctx.actor.dialect, r.ok ? r.value.result : r.error.kind),
      );
    return out;
  };
  const batched = createBatcher(safeRun, { maxInFlight: opts.maxInFlight ?? 4 });
  // Storefront requests read their signed-in customer on every call: concurrent reads by id leave
  // together, one read per tenant, as concurrent upserts do.
  const gets = createBatcher((items: { tenantId: string; id: string }[]) => getByIds(db, items), {
    maxInFlight: opts.maxInFlight ?? 4,
  });
  const dialects: DialectRegistry = opts.dialects
    ? createDialectRegistry(opts.dialects)
    : LEGACY_DIALECTS;
  // The Db stays inside: callers (dialects, the internal API) reach storage only through these.
  const core = {
    /** The dialects credentials may be created for (always `internal`). */
    dialects,
    /** Bearer tokens and credential logins that dialects issue (access-tokens.ts). */
    tokens: createTokens(db, clock),
    /** Per-tenant settings dialects read (default country for national phone numbers). */
    tenantSettings: createTenantSettings(db, clock),
    /** Storefront store codes a tenant owns (Magento's `Store` header), with version and config. */
    stores: createStores(db, clock),
    /** Counted sign-in failures and lockout per login (storefront customer sign-in). */
    signIns: createSignInThrottle(db, clock),
    /** The tenant's Fluent Commerce retailers (numeric ids per tenant). */
    retailers: createRetailers(db),
    /**
     * One upsert; concurrent calls share statements (see upsert-batcher.ts). `current`: the
     * customer the lookup names (by ID alone) as the caller has just read it (core.get); the item
     * is planned against it instead of a read, and read after all if its version has moved.
     */
    async upsert(
      ctx: CallContext,
      input: UpsertInput,
      o: { current?: Customer | undefined } = {},
    ): Promise<Result<UpsertOutcome>> {
      // Awaited here, in the caller's request: the batch itself may run in another's.
      const r = await batched({ ctx, input, current: o.current });
      annotateOutcomes([outcomeOf(r)]);
      return r;
    },
    /** Per-item results in input order; one item's failure never rolls back another's success. */
    async upsertMany(ctx: CallContext, inputs: UpsertInput[]): Promise<Result<UpsertOutcome>[]> {
      const out: Result<UpsertOutcome>[] = [];
      for (let i = 0; i < inputs.length; i += chunk)
        out.push(...(await safeRun(inputs.slice(i, i + chunk).map((input) => ({ ctx, input })))));
      annotateOutcomes(out.map(outcomeOf));
      return out;
    },
    async delete(ctx: CallContext, key: LookupKey) {
      const r = await deleteCustomer(db, ctx, key, opts.writeAttempts);
      annotateOutcomes([r.ok ? "DELETED" : r.error.kind]);
      return r;
    },
    /** One customer by id, or null; concurrent calls share one read (see `gets` above). */
    get: (ctx: Pick<CallContext, "tenantId">, id: string): Promise<Customer | null> =>
      gets({ tenantId: ctx.tenantId, id }),
    /** Many customers by id in one read; input order, null for ids the tenant has no customer for. */
    getMany: (ctx: Pick<CallContext, "tenantId">, ids: readonly string[]) =>
      getCustomers(db, ctx, ids),
    lookup: (ctx: Pick<CallContext, "tenantId">, key: LookupKey) => lookupCustomer(db, ctx, key),
    list: (ctx: Pick<CallContext, "tenantId">, input: ListInput) =>
      listCustomersPage(db, ctx, input),
    groups: {
      create: (
        ctx: Pick<CallContext, "tenantId">,
        input: Parameters<typeof createCustomerGroup>[2],
      ) => createCustomerGroup(db, ctx.tenantId, input),
      list: (ctx: Pick<CallContext, "tenantId">) => listCustomerGroups(db, ctx.tenantId),
    },
    /** Tenants of the whole installation (the internal API's `operator` scope). */
    tenants: {
      create: (slug: string, name?: string) => createTenant(db, slug, name),
      list: () => listTenants(db),
      /** One tenant by slug or id, or null. */
      get: (slugOrId: string) => getTenant(db, slugOrId),
    },
    /** Credentials of every tenant, or of one (`tenant`: slug or id). */
    credentials: {
      /**
       * A credential of a registered dialect; a dialect's login hook runs after it exists and its
       * answer is returned as `login`. If the hook fails the credential is revoked (it was never
       * shown) and the caller gets INTERNAL.
       */
      async create(input: {
        tenant: string;
        dialect: string;
        scopes?: string[] | undefined;
        name?: string | undefined;
      }): Promise<Result<CreatedCredential>> {
        const r = await issueCredential(db, input, dialects);
        if (!r.ok) return r;
        const { credential, tenantId } = r.value;
        const hook = dialects.get(credential.dialect)?.credentials;
        if (!hook) return ok(credential);
        try {
          const login = await hook.login({
            core: self,
            credentialId: credential.id,
            tenantId,
            secret: credential.secret,
            name: credential.name,
          });
          return ok({ ...credential, login });
        } catch (err) {
          log.error({ err, dialect: credential.dialect }, "credential login hook failed");
          await revokeCredential(db, credential.id);
          return fail(ErrorKind.INTERNAL, "Internal error");
        }
      },
      list: (tenant?: string): Promise<CredentialView[]> => listCredentials(db, tenant),
      /** One credential by id (of tenant `tenantId` when given), or null. */
      find: (id: string, tenantId?: string) => findCredentialView(db, id, tenantId),
      /** Revokes the credential and every token issued over it (this process forgets them at once). */
      async revoke(id: string, tenantId?: string) {
        const r = await revokeCredential(db, id, tenantId);
        if (r.ok) await self.tokens.revoke({ credentialId: id });
        return r;
      },
      /** The tenant's credentials by id in one read; input order, null for ids not the tenant's. */
      getMany: (ctx: Pick<CallContext, "tenantId">, ids: readonly string[]) =>
        getCredentials(db, ctx.tenantId, ids),
    },
    /** The principal a bearer secret belongs to, or null (unknown or revoked). */
    async authenticate(secret: string): Promise<Principal | null> {
      const p = await authenticate(db, secret);
      annotateRequest(p ? { tenant: p.tenantSlug } : { error: ErrorKind.UNAUTHENTICATED });
      return p;
    },
    history: (
      ctx: Pick<CallContext, "tenantId">,
      customerId: string,
      /** Oldest first after `afterId`, or with `newestFirst` newest first before it. */
      o?: { afterId?: number | undefined; limit?: number; newestFirst?: boolean | undefined },
    ) => customerHistory(db, ctx, customerId, o),
  };
  const self: Core = core;
  return core;
}

export type Core = ReturnType<typeof createCore>;

const outcomeOf = (r: Result<UpsertOutcome>) => (r.ok ? r.value.result : r.error.kind);
