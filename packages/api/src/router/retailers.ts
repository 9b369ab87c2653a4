import { ErrorKind, FieldCode } from "@cg/core";
import { z } from "zod";
import type { Context } from "../context.ts";
import { administered, DomainTRPCError } from "../trpc.ts";
import { tenantFor } from "./admin.ts";

const tenant = z.string().min(1).max(64);

/** The tenant's id from its slug or id, or a NOT_FOUND naming `tenant`. */
async function tenantIdOf(ctx: Context, slugOrId: string): Promise<string> {
  const t = (await ctx.core.tenants.list()).find((x) => x.slug === slugOrId || x.id === slugOrId);
  if (t) return t.id;
  throw new DomainTRPCError({
    kind: ErrorKind.NOT_FOUND,
    message: `Tenant ${slugOrId} not found`,
    fields: [{ path: ["tenant"], code: FieldCode.NOT_FOUND, message: "tenant not found" }],
  });
}

/**
 * A tenant's Fluent Commerce retailers (numeric ids per tenant, core/retailers.ts): an admin's
 * own tenant's, any tenant's for an operator (admin.ts).
 */
export const retailersRouter = {
  list: administered
    .input(z.strictObject({ tenant }))
    .query(async ({ ctx, input }) =>
      ctx.core.retailers.list(await tenantIdOf(ctx, tenantFor(ctx, input.tenant) ?? input.tenant)),
    ),
  create: administered
    .input(z.strictObject({ tenant, ref: z.string().min(1).max(255).optional() }))
    .mutation(async ({ ctx, input }) =>
      ctx.core.retailers.create(
        await tenantIdOf(ctx, tenantFor(ctx, input.tenant) ?? input.tenant),
        input.ref,
      ),
    ),
};
