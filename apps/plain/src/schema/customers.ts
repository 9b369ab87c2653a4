import { type Customer, checkPageArgs, FieldCode, type FieldError, type ListInput } from "@cg/core";
import { builder } from "../builder.ts";
import { queryError, toQueryError } from "../errors.ts";
import { PAGE } from "../paginate.ts";
import {
  CompanyIdentifierInput,
  DatetimeFilter,
  emptyPageInfo,
  PageInfoRef,
  type PageInfoShape,
  SortDirection,
  TenantIdentifierInput,
} from "./common.ts";
import { assertCanRead, CustomerRef } from "./customer.ts";

export const CustomersFilter = builder.inputType("CustomersFilter", {
  fields: (t) => ({
    isMarkedAsSpam: t.boolean({ required: false }),
    customerGroupIds: t.idList({ required: false }),
    customerGroupKeys: t.stringList({ required: false }),
    companyIdentifiers: t.field({ type: [CompanyIdentifierInput], required: false }),
    tenantIdentifiers: t.field({ type: [TenantIdentifierInput], required: false }),
    updatedAt: t.field({ type: DatetimeFilter, required: false }),
  }),
});

const CustomersSortField = builder.enumType("CustomersSortField", {
  values: ["FULL_NAME"] as const,
});

const CustomersSort = builder.inputType("CustomersSort", {
  fields: (t) => ({
    field: t.field({ type: CustomersSortField, required: true }),
    direction: t.field({ type: SortDirection, required: true }),
  }),
});

const CustomerEdgeRef = builder
  .objectRef<{ cursor: string; customer: Customer }>("CustomerEdge")
  .implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: CustomerRef, nullable: false, resolve: (e) => e.customer }),
    }),
  });

const CustomerConnectionRef = builder
  .objectRef<{
    edges: { cursor: string; customer: Customer }[];
    pageInfo: PageInfoShape;
    totalCount: number;
  }>("CustomerConnection")
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [CustomerEdgeRef], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, nullable: false, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt("totalCount", { nullable: false }),
    }),
  });

/**
 * Plain's `after` is inclusive, core's strict: one microsecond earlier (timestamps are stored with
 * microsecond precision) makes them agree.
 */
function inclusiveAfter(iso: string): string {
  const ms = Date.parse(iso) - 1;
  return new Date(ms).toISOString().replace("Z", "999Z");
}

type CustomersFilterArg = NonNullable<typeof CustomersFilter.$inferInput>;

/**
 * `CustomersFilter` as core list filters (shared by `customers` and `searchCustomers`); null when
 * the filter names what we do not store (spam marks, companies, Plain tenants): it matches nobody.
 * (or the filter is invalid). Bad values are pushed to `errors` with their path under `path`.
 */
export function listFiltersOf(
  f: CustomersFilterArg | null | undefined,
  errors: FieldError[],
  path = "filters",
): Pick<ListInput, "groupIds" | "groupKeys" | "updatedAfter" | "updatedBefore"> | null {
  const before = errors.length;
  for (const k of ["after", "before"] as const) {
    const v = f?.updatedAt?.[k];
    if (v != null && Number.isNaN(Date.parse(v)))
      errors.push({
        path: [path, "updatedAt", k],
        code: FieldCode.INVALID,
        message: `updatedAt.${k} must be an ISO 8601 date-time`,
      });
  }
  if (
    errors.length > before ||
    f?.isMarkedAsSpam === true ||
    f?.companyIdentifiers?.length ||
    f?.tenantIdentifiers?.length
  )
    return null;
  return {
    groupIds: f?.customerGroupIds?.map(String),
    groupKeys: f?.customerGroupKeys ?? undefined,
    updatedAfter: f?.updatedAt?.after != null ? inclusiveAfter(f.updatedAt.after) : undefined,
    updatedBefore:
      f?.updatedAt?.before != null ? new Date(f.updatedAt.before).toISOString() : undefined,
  };
}

builder.queryField("customers", (t) =>
  t.field({
    type: CustomerConnectionRef,
    nullable: false,
    args: {
      filters: t.arg({ type: CustomersFilter, required: false }),
      sortBy: t.arg({ type: CustomersSort, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
      last: t.arg.int({ required: false }),
      before: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      assertCanRead(ctx);
      const errors = checkPageArgs(args, PAGE.max);
      const filters = listFiltersOf(args.filters, errors);
      if (errors.length)
        throw queryError("BAD_USER_INPUT", errors.map((e) => e.message).join("; "));
      if (!filters) return { edges: [], pageInfo: emptyPageInfo, totalCount: 0 };
      const input: ListInput = {
        ...filters,
        first: args.first ?? undefined,
        after: args.after ?? undefined,
        last: args.last ?? undefined,
        before: args.before ?? undefined,
        sort: args.sortBy ? "fullName" : "id",
        descending: args.sortBy?.direction === "DESC",
        defaultPageSize: PAGE.default,
        maxPageSize: PAGE.max,
      };
      const r = await ctx.core.list(ctx.call, input);
      if (!r.ok) throw toQueryError(r.error);
      const { items, hasNextPage, hasPreviousPage, totalCount } = r.value;
      return {
        edges: items,
        pageInfo: {
          hasNextPage,
          hasPreviousPage,
          startCursor: items[0]?.cursor ?? null,
          endCursor: items.at(-1)?.cursor ?? null,
        },
        totalCount: totalCount ?? 0,
      };
    },
  }),
);
