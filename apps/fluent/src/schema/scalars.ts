import { GraphQLError, Kind, type ValueNode } from "graphql";
import { builder } from "../builder.ts";

/** ISO-8601 UTC instants, as Fluent's examples print them. */
builder.scalarType("DateTime", {
  serialize: (v) => new Date(String(v)).toISOString(),
  parseValue: (v) => {
    if (typeof v !== "string" || Number.isNaN(Date.parse(v)))
      throw new GraphQLError("DateTime must be an ISO-8601 string");
    return new Date(v).toISOString();
  },
});

const literal = (node: ValueNode): unknown => {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.VARIABLE:
      // Variables inside a Json literal are not part of Fluent's examples; refuse them plainly.
      throw new GraphQLError("Json literals cannot contain variables");
    default:
      return node satisfies never;
  }
};

/** An attribute's value: any JSON. */
builder.scalarType("Json", {
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});
