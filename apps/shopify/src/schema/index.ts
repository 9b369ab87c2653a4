import { createRequire } from "node:module";
import type { GraphQLSchema } from "graphql";
import { createBuilder, type SchemaVariant } from "../builder.ts";
import { addCustomer } from "./customer.ts";
import { addMailingAddress } from "./mailing-address.ts";
import { addMutations } from "./mutations.ts";
import { addQueries } from "./queries.ts";
import { createRefs } from "./refs.ts";

/** The schema of one variant. Call once per variant at start-up (the handler does). */
export function buildShopifySchema(variant: SchemaVariant): GraphQLSchema {
  const b = createBuilder();
  const refs = createRefs(b);
  const address = addMailingAddress(b, refs);
  addCustomer(b, refs, variant, address.MailingAddressConnection);
  addMutations(b, refs, variant, address);
  addQueries(b, refs);
  return b.toSchema({ sortSchema: false });
}

/**
 * The committed SDL (schema/<variant>.graphql): sorted, so diffs show real changes only. graphql is
 * required through Node here, the way Pothos loads it, so the printer and the schema share one
 * instance of graphql even under vitest (whose resolver would pick graphql's ESM build).
 */
export function printShopifySchema(schema: GraphQLSchema): string {
  const g = createRequire(import.meta.url)("graphql") as typeof import("graphql");
  return g.printSchema(g.lexicographicSortSchema(schema));
}
