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
