import type { Customer, ListInput } from "@cg/core";
import { createGraphQLError } from "graphql-yoga";
import type { Builder } from "../builder.ts";
import { customIdNamespace } from "../customer-set.ts";
import { graphqlError } from "../errors.ts";
import { parseGid } from "../gid.ts";
import { READ, requireScope } from "../scopes.ts";
import { parseCustomerQuery } from "../search-query.ts";
import type { ConnectionShape, Refs } from "./refs.ts";
import { connectionArgs } from "./stubs.ts";

const SORT: Record<string, ListInput["sort"]> = {
  ID: "number",
  CREATED_AT: "createdAt",
  UPDATED_AT: "updatedAt",
  NAME: "fullName",
  LOCATION: "number",
  RELEVANCE: "number",
};
const MAX_PAGE = 250;

/** The customer filter of a `query` argument; a query it cannot take is the client's error. */
function searchFilter(query: string | null | undefined) {
  const q = parseCustomerQuery(query);
  if ("error" in q) throw createGraphQLError(q.error, { extensions: { code: "BAD_REQUEST" } });
  return q.where;
}

/** QueryRoot: customer, customers, customerByIdentifier, customersCount. */
export function addQueries(b: Builder, refs: Refs) {
  const E = refs.enums;
  const CustomerEdge = b.objectRef<{ cursor: string; node: Customer }>("CustomerEdge").implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: refs.Customer, nullable: false, resolve: (e) => e.node }),
    }),
  });
  const CustomerConnection = b
    .objectRef<ConnectionShape<Customer>>("CustomerConnection")
    .implement({
      fields: (t) => ({
        edges: t.field({ type: [CustomerEdge], nullable: false, resolve: (c) => c.edges }),
        nodes: t.field({
          type: [refs.Customer],
          nullable: false,
          resolve: (c) => c.edges.map((e) => e.node),
        }),
        pageInfo: t.field({ type: refs.PageInfo, nullable: false, resolve: (c) => c.pageInfo }),
      }),
    });
  const Count = b.objectRef<{ count: number; precision: "EXACT" | "AT_LEAST" }>("Count").implement({
    fields: (t) => ({
      count: t.exposeInt("count", { nullable: false }),
      precision: t.field({ type: E.CountPrecision, nullable: false, resolve: (c) => c.precision }),
    }),
  });
  const UniqueMetafieldValueInput = refs.UniqueMetafieldValueInput;
  const CustomerIdentifierInput = b.inputType("CustomerIdentifierInput", {
    isOneOf: true,
    fields: (t) => ({
      customId: t.field({ type: UniqueMetafieldValueInput, required: false }),
      emailAddress: t.string({ required: false }),
      id: t.id({ required: false }),
      phoneNumber: t.string({ required: false }),
    }),
  });

  b.queryType({
    name: "QueryRoot",
    fields: (t) => ({
      customer: t.field({
        type: refs.Customer,
        nullable: true,
        args: { id: t.arg.id({ required: true }) },
        resolve: async (_r, a, ctx) => {
          requireScope(ctx, READ, "customer");
          const n = parseGid("Customer", a.id);
          if (!n)
            throw createGraphQLError(`Invalid global id '${a.id}'`, {
              extensions: { code: "argumentLiteralsIncompatible" },
            });
          const r = await ctx.core.lookup(ctx.call, { kind: "NUMBER", value: n });
          if (!r.ok) throw graphqlError(r.error);
          return r.value;
        },
      }),
      customerByIdentifier: t.field({
        type: refs.Customer,
        nullable: true,
        args: { identifier: t.arg({ type: CustomerIdentifierInput, required: true }) },
        resolve: async (_r, a, ctx) => {
          requireScope(ctx, READ, "customerByIdentifier");
          const i = a.identifier as {
            customId?: { key: string; namespace?: string | null; value: string } | null;
            emailAddress?: string | null;
            id?: string | null;
            phoneNumber?: string | null;
          };
          const key =
            i.id != null
              ? parseGid("Customer", i.id) && { kind: "NUMBER", value: parseGid("Customer", i.id)! }
              : i.emailAddress != null
                ? { kind: "EMAIL", value: i.emailAddress }
                : i.phoneNumber != null
                  ? { kind: "PHONE", value: i.phoneNumber }
                  : i.customId
                    ? {
                        kind: "CUSTOM_ID",
                        namespace: customIdNamespace(i.customId),
                        value: i.customId.value,
                      }
                    : null;
          if (!key) return null;
          const r = await ctx.core.lookup(ctx.call, key);
          return r.ok ? r.value : null;
        },
      }),
      customers: t.field({
        type: CustomerConnection,
        nullable: false,
        args: {
          ...connectionArgs(t),
          query: t.arg.string({ required: false }),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
          sortKey: t.arg({ type: E.CustomerSortKeys, required: false, defaultValue: "ID" }),
        },
        resolve: async (_r, a, ctx) => {
          requireScope(ctx, READ, "customers");
          if (a.first == null && a.last == null)
            throw createGraphQLError("you must provide one of first or last", {
              extensions: { code: "BAD_REQUEST" },
            });
          for (const [k, v] of [
            ["first", a.first],
            ["last", a.last],
          ] as const)
            if (v != null && (v < 0 || v > MAX_PAGE))
              throw createGraphQLError(
                `The value of the argument \`${k}\` must be between 0 and ${MAX_PAGE}`,
                { extensions: { code: "BAD_REQUEST" } },
              );
          const where = searchFilter(a.query);
          const r = await ctx.core.list(ctx.call, {
            where,
            first: a.first ?? undefined,
            last: a.last ?? undefined,
            after: a.after ?? undefined,
            before: a.before ?? undefined,
            sort: SORT[a.sortKey ?? "ID"] ?? "number",
            descending: a.reverse ?? false,
            maxPageSize: MAX_PAGE,
            withTotal: false,
          });
          if (!r.ok)
            throw createGraphQLError(r.error.message, { extensions: { code: "BAD_REQUEST" } });
          const edges = r.value.items.map((i) => ({ cursor: i.cursor, node: i.customer }));
          return {
            edges,
            pageInfo: {
              hasNextPage: r.value.hasNextPage,
              hasPreviousPage: r.value.hasPreviousPage,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges[edges.length - 1]?.cursor ?? null,
            },
          };
        },
      }),
      customersCount: t.field({
        type: Count,
        nullable: true,
        args: {
          limit: t.arg.int({ required: false, defaultValue: 10000 }),
          query: t.arg.string({ required: false }),
        },
        resolve: async (_r, a, ctx) => {
          requireScope(ctx, READ, "customersCount");
          const where = searchFilter(a.query);
          const r = await ctx.core.list(ctx.call, { where, first: 0, withTotal: true });
          if (!r.ok)
            throw createGraphQLError(r.error.message, { extensions: { code: "BAD_REQUEST" } });
          const n = r.value.totalCount ?? 0;
          const limit = a.limit ?? null;
          return limit !== null && n > limit
            ? { count: limit, precision: "AT_LEAST" as const }
            : { count: n, precision: "EXACT" as const };
        },
      }),
    }),
  });
}
