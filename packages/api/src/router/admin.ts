import { ErrorKind } from "@cg/core";
import { z } from "zod";
import { DomainTRPCError, scoped, unwrap } from "../trpc.ts";

const admin = scoped("admin");
const forbidden = (message: string) =>
  new DomainTRPCError({ kind: ErrorKind.FORBIDDEN, message, fields: [] });

export const tenantsRouter = {
  create: admin
    .input(
      z.strictObject({
        slug: z.string().min(1).max(63),
        name: z.string().min(1).max(255).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      unwrap(await ctx.core.tenants.create(input.slug, input.name)),
    ),
  list: admin.query(({ ctx }) => ctx.core.tenants.list()),
};

export const credentialsRouter = {
  /**
   * Returns the secret once (only its hash is stored) and, for a dialect with a login hook, the
   * `login` its client is configured with. The dialect is checked against the core's registry.
   */
  create: admin
    .input(
      z.strictObject({
        tenant: z.string().min(1).max(64),
        dialect: z.string().min(1).max(64),
        scopes: z.array(z.string().min(1).max(64)).max(20).optional(),
        name: z.string().min(1).max(255).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => unwrap(await ctx.core.credentials.create(input))),
  list: admin
    .input(z.strictObject({ tenant: z.string().min(1).max(64).optional() }).optional())
    .query(({ ctx, input }) => ctx.core.credentials.list(input?.tenant)),
  revoke: admin
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.principal.credentialId)
        throw forbidden("A credential cannot revoke itself");
      return unwrap(await ctx.core.credentials.revoke(input.id));
    }),
};
