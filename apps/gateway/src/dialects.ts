import type { DialectDeps, FetchHandler } from "@cg/core";
import { createPlainHandler } from "@cg/plain";
import { createShopifyHandler, latestStableVersion } from "@cg/shopify";

/**
 * Every dialect the gateway mounts: its URL prefix and how to build its fetch handler for that
 * prefix. A dialect app knows nothing of the gateway; this table is the only place they meet.
 */
export interface DialectMount {
  dialect: string;
  prefix: string;
  create(deps: DialectDeps): FetchHandler;
  /** Its endpoints, for the development home page; `graphiql` when GET there opens GraphiQL. */
  endpoints(): { label: string; path: string; graphiql?: boolean }[];
}

export const DIALECT_MOUNTS: DialectMount[] = [
  {
    dialect: "plain",
    prefix: "/plain",
    create: (deps) => createPlainHandler(deps, { graphqlEndpoint: "/plain/graphql/v1" }),
    endpoints: () => [{ label: "Plain Core API", path: "/plain/graphql/v1", graphiql: true }],
  },
  {
    dialect: "shopify",
    prefix: "/shopify",
    create: (deps) => createShopifyHandler(deps, { prefix: "/shopify" }),
    endpoints: () => [
      {
        label: `Shopify Admin API ${latestStableVersion()} (any supported version in the path)`,
        path: `/shopify/admin/api/${latestStableVersion()}/graphql.json`,
        graphiql: true,
      },
    ],
  },
];
