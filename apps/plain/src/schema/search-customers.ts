import {
  type Customer,
  type CustomerFilter,
  checkPageArgs,
  FieldCode,
  type FieldError,
  type TextMatch,
} from "@cg/core";
import { builder } from "../builder.ts";
import { queryError, toQueryError } from "../errors.ts";
import { PAGE } from "../paginate.ts";
import { emptyPageInfo, PageInfoRef, type PageInfoShape } from "./common.ts";
import { assertCanRead, CustomerRef } from "./customer.ts";
import { CustomersFilter, listFiltersOf } from "./customers.ts";

const StringSearchExpression = builder.inputType("StringSearchExpression", {
  description:
    "The different ways in which a string is matched.\nExactly one of these must be provided in a single search expression.",
  fields: (t) => ({
    caseInsensitiveContains: t.string({
      required: false,
      description: "Case-insensitive match values containing the provided string.",
    }),
  }),
});

const CustomerSearchCondition = builder.inputType("CustomerSearchCondition", {
  description:
    "The customer attributes available for search, each of them mapped to a search expression.\nExactly one of them must be provided in a single search condition.",
  fields: (t) => ({
    fullName: t.field({ type: StringSearchExpression, required: false }),
    shortName: t.field({ type: StringSearchExpression, required: false }),
    email: t.field({ type: StringSearchExpression, required: false }),
    externalId: t.field({ type: StringSearchExpression, required: false }),
    timelineEntryText: t.field({ type: StringSearchExpression, required: false }),
  }),
});

const CustomersSearchQuery = builder.inputType("CustomersSearchQuery", {
  description:
    "A query to search for customers. Search queries are combinations of search conditions, as defined\nbelow. At least one search condition must be provided.",
  fields: (t) => ({
    or: t.field({ type: [CustomerSearchCondition], required: false }),
  }),
});

type Expression = NonNullable<typeof StringSearchExpression.$inferInput>;
type Condition = NonNullable<typeof CustomerSearchCondition.$inferInput>;

const NONE: CustomerFilter = { any: [] };

/** Plain's string expression → core text match. The first table of this translation. */
const EXPRESSIONS: Record<keyof Expression, (v: string) => TextMatch> = {
  caseInsensitiveContains: (v) => ({ contains: v }),
};

/** Plain's search condition → core filter. The second table: one entry per searchable attribute. */
const CONDITIONS: Record<keyof Condition, (m: TextMatch) => CustomerFilter> = {
  // `Customer.fullName` falls back to first + last name for customers other dialects named.
  fullName: (m) => ({
    any: [
      { field: "fullName", match: m },
      {
        all: [
          { not: { field: "fullName", match: { present: true } } },
          {
            any: [
              { field: "firstName", match: m },
              { field: "lastName", match: m },
            ],
          },
        ],
      },
    ],
  }),
  shortName: (m) => ({ field: "shortName", match: m }),
  email: (m) => ({ identifier: { kind: "EMAIL", namespace: "", match: m } }),
  externalId: (m) => ({ identifier: { kind: "EXTERNAL_ID", namespace: "", match: m } }),
  // We keep no timeline (no threads, no messages): no customer's timeline text matches.
  timelineEntryText: () => NONE,
};

/** Conditions per query, at most: the gateway's bound on the SQL one search makes. */
export const MAX_CONDITIONS = 100;

/** Exactly one member of `o` is given (non-null), as Plain's "exactly one" inputs require. */
function onlyMember<K extends string, V>(o: Partial<Record<K, V | null>>): [K, V] | null {
  const given = (Object.entries(o) as [K, V | null | undefined][]).filter(([, v]) => v != null);
  return given.length === 1 ? (given[0] as [K, V]) : null;
}

/** `searchQuery` as one core filter (the OR of its conditions), or its errors. */
export function compileSearchQuery(
  q: NonNullable<typeof CustomersSearchQuery.$inferInput>,
): { where: CustomerFilter } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const or = q.or ?? [];
  if (!or.length)
    errors.push({
      path: ["searchQuery", "or"],
      code: FieldCode.BLANK,
      message: "At least one search condition must be provided",
    });
  if (or.length > MAX_CONDITIONS)
    errors.push({
      path: ["searchQuery", "or"],
      code: FieldCode.TOO_LONG,
      message: `At most ${MAX_CONDITIONS} search conditions may be provided`,
    });
  const any: CustomerFilter[] = [];
  or.forEach((c, i) => {
    const cond = onlyMember(c);
    const path = ["searchQuery", "or", i];
    if (!cond) {
      errors.push({
        path,
        code: FieldCode.INVALID,
        message: `searchQuery.or[${i}]: exactly one search condition attribute must be provided`,
      });
      return;
    }
    const [attribute, expression] = cond;
    const expr = onlyMember(expression);
    if (!expr) {
      errors.push({
        path: [...path, attribute],
        code: FieldCode.INVALID,
        message: `searchQuery.or[${i}].${attribute}: exactly one search expression must be provided`,
      });
      return;
    }
    const [how, value] = expr;
    any.push(CONDITIONS[attribute](EXPRESSIONS[how](value)));
  });
  return errors.length ? { errors } : { where: { any } };
}

type Edge = { cursor: string; customer: Customer };

const CustomerSearchEdgeRef = builder.objectRef<Edge>("CustomerSearchEdge").implement({
  fields: (t) => ({
    cursor: t.exposeString("cursor", { nullable: false }),
    node: t.field({ type: CustomerRef, nullable: false, resolve: (e) => e.customer }),
  }),
});

const CustomerSearchConnectionRef = builder
  .objectRef<{ edges: Edge[]; pageInfo: PageInfoShape }>("CustomerSearchConnection")
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [CustomerSearchEdgeRef], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, nullable: false, resolve: (c) => c.pageInfo }),
    }),
  });

builder.queryField("searchCustomers", (t) =>
  t.field({
    type: CustomerSearchConnectionRef,
    nullable: false,
    description:
      "Search for customers based on the provided query. Returned customers are sorted by how recently\nthey changed status (most recent first).",
    args: {
      searchQuery: t.arg({ type: CustomersSearchQuery, required: true }),
      // Not in the 2026-05-11 schema snapshot, but the current SDK (@team-plain/graphql 1.3.0)
      // sends it: Plain's later schema has it, with `customers`' filter.
      filters: t.arg({ type: CustomersFilter, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
      last: t.arg.int({ required: false }),
      before: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      assertCanRead(ctx);
      const errors = checkPageArgs(args, PAGE.max);
      const search = compileSearchQuery(args.searchQuery);
      if ("errors" in search) errors.push(...search.errors);
      const filters = listFiltersOf(args.filters, errors);
      if (errors.length || "errors" in search)
        throw queryError("BAD_USER_INPUT", errors.map((e) => e.message).join("; "));
      if (!filters) return { edges: [], pageInfo: emptyPageInfo };
      // We keep no thread status: its last change is the customer's last change.
      const r = await ctx.core.list(ctx.call, {
        ...filters,
        where: search.where,
        first: args.first ?? undefined,
        after: args.after ?? undefined,
        last: args.last ?? undefined,
        before: args.before ?? undefined,
        sort: "updatedAt",
        descending: true,
        withTotal: false,
        defaultPageSize: PAGE.default,
        maxPageSize: PAGE.max,
      });
      if (!r.ok) throw toQueryError(r.error);
      const { items, hasNextPage, hasPreviousPage } = r.value;
      return {
        edges: items,
        pageInfo: {
          hasNextPage,
          hasPreviousPage,
          startCursor: items[0]?.cursor ?? null,
          endCursor: items.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
