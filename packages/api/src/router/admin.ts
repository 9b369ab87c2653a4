import { ErrorKind, FieldCode, INTERNAL_DIALECT, type Principal, STORE_VERSIONS } from "@cg/core";
import { z } from "zod";
import { administered, DomainTRPCError, unwrap } from "../trpc.ts";

// Two scopes manage the installation (README, Administration):
// - `admin` manages its own tenant: its credentials and stores. Naming another tenant is
//   FORBIDDEN whether or not that tenant exists (nothing is looked up, so nothing leaks), and a
//   credential or store of another tenant is NOT_FOUND, as one that does not exist.
// - `operator` manages every tenant (and creates tenants). Only the first-run credential holds it;
//   only an operator can mint it, and an admin mints internal credentials within its own scopes.

const forbidden = (message: string, path?: string) =>
  new DomainTRPCError({
    kind: ErrorKind.FORBIDDEN,
    message,
    fields: path ? [{ path: [path], code: FieldCode.INVALID, message }] : [],
  });

const OWN_TENANT_ONLY =
  "An admin credential manages its own tenant only (the operator scope manages every tenant)";

type Caller = { principal: Principal; operator: boolean };

/** The tenant a call is for: as named for an operator; an admin's own (naming another is refused). */
export function tenantFor(ctx: Caller, named: string | undefined): string | undefined {
  if (ctx.operator) return named;
  const p = ctx.principal;
  if (named !== undefined && named !== p.tenantSlug && named !== p.tenantId)
    throw forbidden(OWN_TENANT_ONLY, "tenant");
  return p.tenantId;
}

/** The scopes of `scopes` (internal ones) the caller may not hand out: those beyond its own. */
function beyond(ctx: Caller, scopes: readonly string[]): string[] {
  return ctx.operator ? [] : scopes.filter((s) => !ctx.principal.scopes.includes(s));
}

/** Only an operator lists or creates tenants; an admin sees its own. */
export const tenantsRouter = {
  create: administered
    .input(
      z.strictObject({
        slug: z.string().min(1).max(63),
        name: z.string().min(1).max(255).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.operator) throw forbidden("Creating tenants needs the operator scope");
      return unwrap(await ctx.core.tenants.create(input.slug, input.name));
    }),
  list: administered.query(async ({ ctx }) => {
    if (ctx.operator) return ctx.core.tenants.list();
    const own = await ctx.core.tenants.get(ctx.principal.tenantId);
    return own ? [own] : [];
  }),
};

export const credentialsRouter = {
  /**
   * Returns the secret once (only its hash is stored) and, for a dialect with a login hook, the
   * `login` its client is configured with. The dialect is checked against the core's registry.
   */
  create: administered
    .input(
      z.strictObject({
        tenant: z.string().min(1).max(64),
        dialect: z.string().min(1).max(64),
        scopes: z.array(z.string().min(1).max(64)).max(20).optional(),
        name: z.string().min(1).max(255).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const tenant = tenantFor(ctx, input.tenant) ?? input.tenant;
      if (input.dialect === INTERNAL_DIALECT.name) {
        const asked = input.scopes?.length ? input.scopes : INTERNAL_DIALECT.scopes.defaults;
        const over = beyond(ctx, asked);
        if (over.length)
          throw forbidden(
            `An admin credential cannot grant scopes it does not hold: ${over.join(", ")}`,
            "scopes",
          );
      }
      return unwrap(await ctx.core.credentials.create({ ...input, tenant }));
    }),
  /** An operator: every tenant's, or the named one's; an admin: its own tenant's. */
  list: administered
    .input(z.strictObject({ tenant: z.string().min(1).max(64).optional() }).optional())
    .query(({ ctx, input }) => ctx.core.credentials.list(tenantFor(ctx, input?.tenant))),
  revoke: administered
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.principal.credentialId)
        throw forbidden("A credential cannot revoke itself");
      const tenantId = ctx.operator ? undefined : ctx.principal.tenantId;
      if (!ctx.operator) {
        const c = await ctx.core.credentials.find(input.id, tenantId);
        const over = c?.dialect === INTERNAL_DIALECT.name ? beyond(ctx, c.scopes) : [];
        if (over.length)
          throw forbidden(
            `An admin credential cannot revoke one holding scopes it does not: ${over.join(", ")}`,
          );
      }
      return unwrap(await ctx.core.credentials.revoke(input.id, tenantId));
    }),
};

const storeConfig = z.record(z.string().max(64), z.unknown());

/** Storefront store codes (Magento's `Store` header): which tenant a storefront request is for. */
export const storesRouter = {
  create: administered
    .input(
      z.strictObject({
        tenant: z.string().min(1).max(64),
        code: z.string().min(1).max(32),
        version: z.enum(STORE_VERSIONS).optional(),
        config: storeConfig.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      unwrap(
        await ctx.core.stores.create({
          ...input,
          tenant: tenantFor(ctx, input.tenant) ?? input.tenant,
        }),
      ),
    ),
  list: administered
    .input(z.strictObject({ tenant: z.string().min(1).max(64).optional() }).optional())
    .query(({ ctx, input }) => ctx.core.stores.list(tenantFor(ctx, input?.tenant))),
  /** An admin updates only its own tenant's stores (another tenant's code is NOT_FOUND). */
  update: administered
    .input(
      z.strictObject({
        code: z.string().min(1).max(32),
        version: z.enum(STORE_VERSIONS).optional(),
        config: storeConfig.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      unwrap(
        await ctx.core.stores.update(
          input.code,
          input,
          ctx.operator ? undefined : ctx.principal.tenantId,
        ),
      ),
    ),
};
