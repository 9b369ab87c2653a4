import {
  countCustomers,
  type Db,
  type EventRecord,
  type ListQuery,
  listCustomers,
  loadCustomers,
  loadEvents,
  sortValue,
} from "@cg/db";
import { checkPageArgs } from "./check-page-args.ts";
import { FieldCode, type FieldError, invalid, ok, type Result } from "./errors.ts";
import type { CallContext, Customer, LookupKey } from "./model.ts";
import { resolveIdentifiers } from "./resolve-identifiers.ts";
import { namesNoCustomer, normalizeKeys } from "./validate-patch.ts";

/** Customers by (tenant, id) in one read per tenant: item order, null where none (core.get's batch). */
export async function getByIds(
  db: Db,
  items: readonly { tenantId: string; id: string }[],
): Promise<(Customer | null)[]> {
  const byTenant = new Map<string, Set<string>>();
  for (const { tenantId, id } of items) {
    const ids = byTenant.get(tenantId) ?? new Set<string>();
    byTenant.set(tenantId, ids.add(id));
  }
  const found = new Map<string, Customer>();
  await Promise.all(
    [...byTenant].map(async ([tenantId, ids]) => {
      for (const c of await loadCustomers(db.sql, tenantId, { ids: [...ids] }))
        found.set(`${tenantId}\u0000${c.id}`, c);
    }),
  );
  return items.map(({ tenantId, id }) => found.get(`${tenantId}\u0000${id}`) ?? null);
}

/**
 * Many customers by id in one read (for batching resolvers: a page of customers naming other
 * customers makes one query, not one per row); input order, null where a customer is not the
 * tenant's or no longer exists.
 */
export async function getCustomers(
  db: Db,
  ctx: Pick<CallContext, "tenantId">,
  ids: readonly string[],
): Promise<(Customer | null)[]> {
  if (!ids.length) return [];
  const found = await loadCustomers(db.sql, ctx.tenantId, { ids: [...new Set(ids)] });
  const byId = new Map(found.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The customer owning an identifier (or ID / NUMBER), or null. */
export async function lookupCustomer(
  db: Db,
  ctx: Pick<CallContext, "tenantId">,
  key: LookupKey,
): Promise<Result<Customer | null>> {
  const errors: FieldError[] = [];
  const [k] = normalizeKeys([key], key.path ? [] : ["key"], errors);
  // An unparseable email or phone cannot name anyone: that is "not found", not a failure.
  if (errors.length || !k)
    return errors.some((e) => e.code === FieldCode.BLANK) ? invalid(errors) : ok(null);
  if (namesNoCustomer(key)) return ok(null);
  const found = await loadCustomers(
    db.sql,
    ctx.tenantId,
    k.kind === "ID"
      ? { ids: [k.value] }
      : k.kind === "NUMBER"
        ? { numbers: [Number(k.value)] }
        : { keys: [{ kind: k.kind, namespace: k.namespace ?? "", value: k.value }] },
  );
  const r = resolveIdentifiers([k], found);
  return ok(r.kind === "one" ? r.customer : null);
}

export type ListFilters = Omit<ListQuery, "limit" | "sort" | "after" | "before" | "descending">;

export interface ListInput extends ListFilters {
  first?: number | undefined;
  after?: string | undefined;
  last?: number | undefined;
  before?: string | undefined;
  sort?: ListQuery["sort"] | undefined;
  descending?: boolean | undefined;
  /** default 25, max 100 unless the caller says otherwise */
  defaultPageSize?: number | undefined;
  maxPageSize?: number | undefined;
  withTotal?: boolean | undefined;
}

export interface Page {
  items: { cursor: string; customer: Customer }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number | null;
}

const encode = (c: { id: string; sort: string | number }) =>
  Buffer.from(JSON.stringify([c.sort, c.id])).toString("base64url");

function decode(s: string): { id: string; sort: string | number } | null {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[1] === "string" &&
      (typeof v[0] === "string" || typeof v[0] === "number")
    )
      return { sort: v[0], id: v[1] };
  } catch {
    /* fall through */
  }
  return null;
}

/** Relay-style cursor pagination over a tenant's customers. */
export async function listCustomersPage(
  db: Db,
  ctx: Pick<CallContext, "tenantId">,
  input: ListInput,
): Promise<Result<Page>> {
  const max = input.maxPageSize ?? 100;
  const errors: FieldError[] = checkPageArgs(input, max);
  const after = input.after !== undefined ? decode(input.after) : undefined;
  const before = input.before !== undefined ? decode(input.before) : undefined;
  if (after === null)
    errors.push({
      path: ["after"],
      code: FieldCode.INVALID,
      message: "after is not a valid cursor",
    });
  if (before === null)
    errors.push({
      path: ["before"],
      code: FieldCode.INVALID,
      message: "before is not a valid cursor",
    });
  if (errors.length) return invalid(errors);
  const limit = input.first ?? input.last ?? input.defaultPageSize ?? 25;
  const sort = input.sort ?? "id";
  const backwards = input.last !== undefined || (before != null && after == null);
  const {
    first: _f,
    last: _l,
    after: _a,
    before: _b,
    defaultPageSize: _d,
    maxPageSize: _m,
    withTotal: _w,
    ...filters
  } = input;
  const q: ListQuery = {
    ...filters,
    limit,
    sort,
    descending: input.descending,
    after: after ?? undefined,
    before: before ?? undefined,
  };
  // Paging backwards without a cursor starts from the end.
  const rows = await listCustomers(
    db.sql,
    ctx.tenantId,
    backwards && !before ? { ...q, descending: !input.descending, after: undefined } : q,
  );
  const more = rows.length > limit;
  const docs =
    backwards && !before
      ? rows.slice(0, limit).reverse()
      : backwards
        ? rows.slice(Math.max(0, rows.length - limit))
        : rows.slice(0, limit);
  const totalCount =
    input.withTotal === false ? null : await countCustomers(db.sql, ctx.tenantId, filters);
  return ok({
    items: docs.map((c) => ({
      cursor: encode({ id: c.id, sort: sortValue(c, sort) }),
      customer: c,
    })),
    hasNextPage: backwards ? before != null : more,
    hasPreviousPage: backwards ? more : after != null,
    totalCount,
  });
}

export async function customerHistory(
  db: Db,
  ctx: Pick<CallContext, "tenantId">,
  customerId: string,
  opts: { afterId?: number | undefined; limit?: number; newestFirst?: boolean | undefined } = {},
): Promise<EventRecord[]> {
  return loadEvents(db.sql, ctx.tenantId, customerId, {
    afterId: opts.afterId,
    limit: opts.limit ?? 100,
    newestFirst: opts.newestFirst,
  });
}
