import type { GraphQLSchema } from "graphql";
import { builder } from "../builder.ts";
import "./actor.ts";
import "./common.ts";
import "./customer.ts";
import "./customer-group.ts";
import "./customers.ts";
import "./delete-customer.ts";
import "./search-customers.ts";
import "./upsert-customer.ts";

builder.queryType({});
builder.mutationType({});

let schema: GraphQLSchema | undefined;

/** The Plain schema, built once per process (Pothos builders cannot build twice). */
export function plainSchema(): GraphQLSchema {
  if (!schema) schema = builder.toSchema({ sortSchema: false });
  return schema;
}
