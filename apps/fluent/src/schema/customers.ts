import { ErrorKind } from "@cg/core";
import { builder } from "../builder.ts";
import { FLUENT_SCOPES, requireScope } from "../context.ts";
import { toCustomerFilter } from "../customer-search.ts";
import { type FluentCustomer, toFluentCustomer } from "../customer-view.ts";
import { FluentCode, fluentError, toFluentError } from "../errors.ts";
import { CustomerRef } from "./customer.ts";

/** Results without `first`/`last` (Fluent: a search without paging returns at most ten). */
export const DEFAULT_PAGE = 10;
/** The most one page returns (Fluent's own cap is not in the anchors; the complexity cap bites first). */
export const MAX_PAGE = 5000;

interface Edge {
  cursor: string;
  node: FluentCustomer;
}
interface Connection {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
}

const PageInfoRef = builder.objectRef<Connection["pageInfo"]>("PageInfo").implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    hasPreviousPage: t.exposeBoolean("hasPreviousPage"),
  }),
});

const CustomerEdgeRef = builder.objectRef<Edge>("CustomerEdge").implement({
  fields: (t) => ({
    node: t.field({ type: CustomerRef, resolve: (e) => e.node }),
    cursor: t.exposeString("cursor"),
  }),
});

const CustomerConnectionRef = builder.objectRef<Connection>("CustomerConnection").implement({
  fields: (t) => ({
    edges: t.field({
      type: [CustomerEdgeRef],
      nullable: { list: true, items: true },
      resolve: (c) => c.edges,
    }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
  }),
});

builder.queryField("customers", (t) =>
  t.field({
    type: CustomerConnectionRef,
    args: {
      ref: t.arg.stringList({ required: { list: false, items: false } }),
      username: t.arg.stringList({ required: { list: false, items: false } }),
      primaryEmail: t.arg.stringList({ required: { list: false, items: false } }),
      primaryPhone: t.arg.stringList({ required: { list: false, items: false } }),
      firstName: t.arg.stringList({ required: { list: false, items: false } }),
      lastName: t.arg.stringList({ required: { list: false, items: false } }),
      first: t.arg.int(),
      last: t.arg.int(),
      after: t.arg.string(),
      before: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      requireScope(ctx, FLUENT_SCOPES.read);
      const where = toCustomerFilter(args, await ctx.defaultCountry());
      const page = await ctx.core.list(ctx.call, {
        where,
        // Fluent's default sort: newest first.
        sort: "createdAt",
        descending: true,
        first: args.first ?? undefined,
        last: args.last ?? undefined,
        after: args.after ?? undefined,
        before: args.before ?? undefined,
        defaultPageSize: DEFAULT_PAGE,
        maxPageSize: MAX_PAGE,
        withTotal: false,
      });
      if (!page.ok) {
        if (page.error.kind === ErrorKind.VALIDATION)
          throw fluentError(FluentCode.MISSING, page.error.message);
        throw toFluentError(page.error, (p) => p);
      }
      return {
        edges: page.value.items.map((i) => ({
          cursor: i.cursor,
          node: toFluentCustomer(i.customer),
        })),
        pageInfo: {
          hasNextPage: page.value.hasNextPage,
          hasPreviousPage: page.value.hasPreviousPage,
        },
      };
    },
  }),
);
