import { createRequire } from "node:module";
import type { GraphQLSchema } from "graphql";
import { createBuilder, type MagentoVersion } from "../builder.ts";
import { addCustomerTypes } from "./customer.ts";
import { addInputs } from "./inputs.ts";
import { addOperations } from "./operations.ts";
import { addStorefront } from "./storefront.ts";

/** The schema of one version. Built once per version at start-up (the handler does). */
export function buildMagentoSchema(version: MagentoVersion): GraphQLSchema {
  const b = createBuilder();
  const types = addCustomerTypes(b, version);
  const inputs = addInputs(b, version, types);
  addOperations(b, version, types, inputs);
  addStorefront(b, version);
  return b.toSchema({ sortSchema: false });
}

/**
 * The committed SDL (schema/<version>.graphql), sorted. graphql is required through Node, the way
 * Pothos loads it, so printer and schema share one instance of graphql even under vitest.
 */
export function printMagentoSchema(schema: GraphQLSchema): string {
  const g = createRequire(import.meta.url)("graphql") as typeof import("graphql");
  return g.printSchema(g.lexicographicSortSchema(schema));
}
