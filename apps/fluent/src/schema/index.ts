import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "../builder.ts";
import "./scalars.ts";
import "./customer.ts";
import "./customers.ts";
import "./me.ts";
import "./mutations.ts";

builder.queryType({});
builder.mutationType({});

let schema: GraphQLSchema | undefined;

/** The Fluent schema, built once per process (Pothos builders cannot build twice). */
export function fluentSchema(): GraphQLSchema {
  if (!schema) schema = builder.toSchema({ sortSchema: false });
  return schema;
}

/** The SDL committed as apps/fluent/schema.graphql. */
export const printFluentSchema = () => printSchema(lexicographicSortSchema(fluentSchema()));
