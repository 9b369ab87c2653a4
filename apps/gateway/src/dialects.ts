import type { DialectDeps, FetchHandler } from "@cg/core";
import { createDialectHandler } from "@cg/dialect-kit";
import { fluentDialect } from "@cg/fluent";
import { createPlainHandler } from "@cg/plain";
import { createShopifyHandler } from "@cg/shopify";

/**
 * Every dialect the gateway mounts: its URL prefix and how to build its fetch handler for that
 * prefix. A dialect app knows nothing of the gateway; this table is the only place they meet.
 */
export interface DialectMount {
  dialect: string;
  prefix: string;
  create(deps: DialectDeps): FetchHandler;
}

export const DIALECT_MOUNTS: DialectMount[] = [
  {
    dialect: "plain",
    prefix: "/plain",
    create: (deps) => createPlainHandler(deps, { graphqlEndpoint: "/plain/graphql/v1" }),
  },
  {
    dialect: "shopify",
    prefix: "/shopify",
    create: (deps) => createShopifyHandler(deps, { prefix: "/shopify" }),
  },
  // Defined on the dialect kit: the definition carries its prefix and routes.
  {
    dialect: fluentDialect.name,
    prefix: fluentDialect.prefix,
    create: (deps) =>
      createDialectHandler(
        fluentDialect,
        { core: deps.core, log: deps.log, development: deps.development ?? false },
        { root: fluentDialect.prefix },
      ),
  },
];
