import {
  type CallContext,
  CUSTOMER_REF_FORMS,
  type Customer,
  customerRef,
  ErrorKind,
  FieldCode,
  type LookupKey,
} from "@cg/core";
import { z } from "zod";
import type { Context } from "../context.ts";
import {
  describeFormats,
  exportPage,
  exportPageInput,
  importBatch,
  importBatchInput,
  unknownFormat,
} from "../import.ts";
import { listInput, lookupKey, upsertInput } from "../schemas.ts";
import { DomainTRPCError, scoped, unwrap } from "../trpc.ts";

const read = scoped("customers:read");
const write = scoped("customers:write");
const notFound = () =>
  new DomainTRPCError({ kind: ErrorKind.NOT_FOUND, message: "Customer not found", fields: [] });

/** Customers as the API shows them: never the password hash (its presence is `hasPassword`). */
function shown({ passwordHash, ...c }: Customer) {
  return { ...c, hasPassword: passwordHash !== null };
}
const shownOutcome = <T extends { customer: Customer }>(o: T) => ({
  ...o,
  customer: shown(o.customer),
});

/** A customer id in any dialect's form (core/customer-ref.ts) as the key it names. */
function idKey(id: string, path: string[] = ["id"]): LookupKey {
  const key = customerRef(id);
  if (key) return key;
  throw new DomainTRPCError({
    kind: ErrorKind.VALIDATION,
    message: `Not a customer id: expected ${CUSTOMER_REF_FORMS}`,
    fields: [{ path, code: FieldCode.INVALID, message: `expected ${CUSTOMER_REF_FORMS}` }],
  });
}
const customerId = z.string().min(1).max(128);

/** History cursors: opaque to clients, the last event id seen. */
const cursor = {
  encode: (eventId: number) => Buffer.from(`e:${eventId}`).toString("base64url"),
  decode(s: string): number {
    const m = /^e:(\d{1,15})$/.exec(Buffer.from(s, "base64url").toString());
    if (m) return Number(m[1]);
    throw new DomainTRPCError({
      kind: ErrorKind.VALIDATION,
      message: "Invalid cursor",
      fields: [{ path: ["after"], code: FieldCode.INVALID, message: "not a cursor of this list" }],
    });
  },
};

/**
 * The call context of an import or export: the credential's tenant, or `tenant` (slug or id),
 * which must be the credential's own unless it holds `operator`.
 */
async function tenantCall(
  ctx: Context & { call: CallContext; principal: { tenantId: string; scopes: string[] } },
  tenant: string | undefined,
): Promise<CallContext> {
  if (!tenant) return ctx.call;
  const t = await ctx.core.tenants.get(tenant);
  if (!t)
    throw new DomainTRPCError({
      kind: ErrorKind.NOT_FOUND,
      message: `Unknown tenant ${JSON.stringify(tenant)}`,
      fields: [{ path: ["tenant"], code: FieldCode.NOT_FOUND, message: "no such tenant" }],
    });
  if (t.id !== ctx.principal.tenantId && !ctx.principal.scopes.includes("operator"))
    throw new DomainTRPCError({
      kind: ErrorKind.FORBIDDEN,
      message: "Another tenant's customers need the operator scope",
      fields: [],
    });
  return { ...ctx.call, tenantId: t.id };
}

function formatOf(ctx: Context, name: string, exporting = false) {
  const f = ctx.formats.get(name);
  if (f && (!exporting || f.write)) return f;
  const err = unknownFormat(ctx.formats, name);
  if (f) err.message = `Format ${name} can be imported, not exported`;
  throw new DomainTRPCError(err);
}

/** The most items one upsertMany call takes (more is a BAD_REQUEST naming `items`). */
export const UPSERT_MANY_MAX = 1000;

export const customersRouter = {
  upsert: write
    .input(upsertInput)
    .mutation(async ({ ctx, input }) =>
      shownOutcome(unwrap(await ctx.core.upsert(ctx.call, input))),
    ),
  /**
   * At most 1000 items per call (UPSERT_MANY_MAX); per-item results: one item's failure is reported in place, never thrown, never rolls back others. */
  upsertMany: write
    .input(z.strictObject({ items: z.array(upsertInput).min(1).max(UPSERT_MANY_MAX) }))
    .mutation(async ({ ctx, input }) =>
      (await ctx.core.upsertMany(ctx.call, input.items)).map((r) =>
        r.ok
          ? { ok: true as const, ...shownOutcome(r.value) }
          : {
              ok: false as const,
              error: { kind: r.error.kind, message: r.error.message, fields: r.error.fields },
            },
      ),
    ),
  /** The import/export file formats: name, syntax (csv | jsonl), CSV columns, exportable. */
  formats: read.query(({ ctx }) => describeFormats(ctx.formats)),
  /**
   * One batch of an import (import.ts): at most 1000 records `{line, record}` of the file
   * `source`, each upserted with the idempotency key `import:<format>:<source>:<line>`; answers
   * counts and the failed lines with why.
   */
  import: write.input(importBatchInput).mutation(async ({ ctx, input }) => {
    const format = formatOf(ctx, input.format);
    return importBatch(ctx.core, await tenantCall(ctx, input.tenant), format, input);
  }),
  /** One page of an export, oldest customer first: `{records, hasNextPage, endCursor}`. */
  export: read.input(exportPageInput).query(async ({ ctx, input }) => {
    const format = formatOf(ctx, input.format, true);
    return unwrap(await exportPage(ctx.core, await tenantCall(ctx, input.tenant), format, input));
  }),
  /** `id` in any dialect's form: ours, Plain's `c_…`, Shopify's gid. */
  get: read.input(z.strictObject({ id: customerId })).query(async ({ ctx, input }) => {
    const c = unwrap(await ctx.core.lookup(ctx.call, idKey(input.id)));
    if (!c) throw notFound();
    return shown(c);
  }),
  /** An identifier, or `{kind: "ID", value}` with an id in any dialect's form. */
  lookup: read.input(lookupKey).query(async ({ ctx, input }) => {
    const key = input.kind === "ID" ? idKey(input.value, ["value"]) : input;
    const c = unwrap(await ctx.core.lookup(ctx.call, key));
    if (!c) throw notFound();
    return shown(c);
  }),
  list: read.input(listInput).query(async ({ ctx, input }) => {
    const page = unwrap(await ctx.core.list(ctx.call, input));
    return { ...page, items: page.items.map((i) => ({ ...i, customer: shown(i.customer) })) };
  }),
  /**
   * `first` (default 100, at most 500) events after the cursor `after`: oldest first, or newest
   * first with `newestFirst` (then `after` pages towards older ones). Each event names its
   * writer's credential (`credentialName`, null when it has none or it is gone).
   */
  history: read
    .input(
      z.strictObject({
        id: customerId,
        first: z.number().int().min(1).max(500).optional(),
        after: z.string().min(1).max(64).optional(),
        newestFirst: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const first = input.first ?? 100;
      const c = unwrap(await ctx.core.lookup(ctx.call, idKey(input.id)));
      if (!c) throw notFound();
      const events = await ctx.core.history(ctx.call, c.id, {
        afterId: input.after === undefined ? undefined : cursor.decode(input.after),
        limit: first + 1,
        newestFirst: input.newestFirst,
      });
      const page = events.slice(0, first);
      const ids = [...new Set(page.flatMap((e) => (e.credentialId ? [e.credentialId] : [])))];
      const creds = await ctx.core.credentials.getMany(ctx.call, ids);
      const names = new Map(creds.flatMap((v) => (v ? [[v.id, v.name] as const] : [])));
      const items = page.map((e) => ({
        ...e,
        credentialName: e.credentialId ? (names.get(e.credentialId) ?? null) : null,
      }));
      return {
        items,
        hasNextPage: events.length > first,
        endCursor: items.length ? cursor.encode(items.at(-1)!.id) : (input.after ?? null),
      };
    }),
  delete: write
    .input(z.strictObject({ id: customerId }))
    .mutation(async ({ ctx, input }) =>
      shown(unwrap(await ctx.core.delete(ctx.call, idKey(input.id)))),
    ),
};
