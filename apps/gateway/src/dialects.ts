import { capillary } from "@cg/capillary";
import type { DialectDefinition, Route } from "@cg/dialect-kit";
import { fluentDialect } from "@cg/fluent";
import { magentoDialect } from "@cg/magento";
import { plainDialect } from "@cg/plain";
import { shopifyDialect } from "@cg/shopify";

/**
 * Every dialect the gateway serves, as its definition over @cg/dialect-kit: each is mounted at
 * its prefix (createDialectHandler), and their names and scopes are what core checks credentials
 * against (and whose login hooks run). Adding a dialect is its app plus one line here. A dialect
 * app knows nothing of the gateway; this is the one place they meet.
 */
export const DIALECTS: readonly DialectDefinition<Route>[] = [
  plainDialect,
  shopifyDialect,
  fluentDialect,
  capillary,
  magentoDialect,
];
