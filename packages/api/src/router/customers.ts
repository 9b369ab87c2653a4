import { type Customer, ErrorKind } from "@cg/core";
import { z } from "zod";
import { listInput, lookupKey, upsertInput } from "../schemas.ts";
import { DomainTRPCError, scoped, unwrap } from "../trpc.ts";

const read = scoped("customers:read");
const write = scoped("customers:write");
const notFound = () =>
  new DomainTRPCError({ kind: ErrorKind.NOT_FOUND, message: "Customer not found", fields: [] });

/**
 * The customer as the internal API shows it: everything but the password hash (a storefront
 * dialect's secret, DESIGN.md "password hash (Magento)"), which no API output carries; `hasPassword`
 * says whether one is set.
 */
export function apiCustomer(c: Customer) {
  const { passwordHash, ...rest } = c;
  return { ...rest, hasPassword: passwordHash !== null };
}

export const customersRouter = {
  upsert: write.input(upsertInput).mutation(async ({ ctx, input }) => {
    const r = unwrap(await ctx.core.upsert(ctx.call, input));
    return { ...r, customer: apiCustomer(r.customer) };
  }),
  /** Per-item results: one item's failure is reported in place, never thrown, never rolls back others. */
  upsertMany: write
    .input(z.strictObject({ items: z.array(upsertInput).min(1).max(1000) }))
    .mutation(async ({ ctx, input }) =>
      (await ctx.core.upsertMany(ctx.call, input.items)).map((r) =>
        r.ok
          ? { ok: true as const, ...r.value, customer: apiCustomer(r.value.customer) }
          : {
              ok: false as const,
              error: { kind: r.error.kind, message: r.error.message, fields: r.error.fields },
            },
      ),
    ),
  get: read
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const c = await ctx.core.get(ctx.call, input.id);
      if (!c) throw notFound();
      return apiCustomer(c);
    }),
  lookup: read.input(lookupKey).query(async ({ ctx, input }) => {
    const c = unwrap(await ctx.core.lookup(ctx.call, input));
    if (!c) throw notFound();
    return apiCustomer(c);
  }),
  list: read.input(listInput).query(async ({ ctx, input }) => {
    const page = unwrap(await ctx.core.list(ctx.call, input));
    return {
      ...page,
      items: page.items.map((i) => ({ cursor: i.cursor, customer: apiCustomer(i.customer) })),
    };
  }),
  history: read
    .input(
      z.strictObject({
        id: z.string().min(1).max(64),
        afterId: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
    )
    .query(async ({ ctx, input }) =>
      ctx.core.history(ctx.call, input.id, { afterId: input.afterId, limit: input.limit }),
    ),
  delete: write
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await ctx.core.delete(ctx.call, { kind: "ID", value: input.id })),
    ),
};
