import type { DialectDeps, FetchHandler, RegisteredDialect } from "@cg/core";
import type { DialectDefinition, Route } from "@cg/dialect-kit";
import { createPlainHandler, PLAIN_SCOPES } from "@cg/plain";
import { createShopifyHandler, latestStableVersion, SHOPIFY_SCOPES } from "@cg/shopify";

/**
 * Every dialect the gateway serves, as its definition over @cg/dialect-kit: mounted at its
 * prefix, and its name and scopes are what credentials are checked against. Adding a dialect is
 * its app plus one line here. A dialect app knows nothing of the gateway; this is where they meet.
 */
export const DIALECTS: readonly DialectDefinition<Route>[] = [];

/** A dialect mounted by its own handler factory (Plain and Shopify until they are definitions). */
export interface DialectMount {
  dialect: string;
  prefix: string;
  scopes: RegisteredDialect["scopes"];
  create(deps: DialectDeps): FetchHandler;
  /** Its endpoints, for the development home page; `graphiql` when GET there opens GraphiQL. */
  endpoints(): { label: string; path: string; graphiql?: boolean }[];
}

export const DIALECT_MOUNTS: DialectMount[] = [
  {
    dialect: "plain",
    prefix: "/plain",
    scopes: PLAIN_SCOPES,
    create: (deps) => createPlainHandler(deps, { graphqlEndpoint: "/plain/graphql/v1" }),
    endpoints: () => [{ label: "Plain Core API", path: "/plain/graphql/v1", graphiql: true }],
  },
  {
    dialect: "shopify",
    prefix: "/shopify",
    scopes: SHOPIFY_SCOPES,
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

/** What core checks a new credential's dialect and scopes against (and whose login hook runs). */
export const registeredDialects = (
  dialects: readonly DialectDefinition<Route>[] = DIALECTS,
  mounts: readonly DialectMount[] = DIALECT_MOUNTS,
): RegisteredDialect[] => [
  ...dialects,
  ...mounts.map((m) => ({ name: m.dialect, scopes: m.scopes })),
];
