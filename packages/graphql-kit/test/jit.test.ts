import { silentLogger } from "@cg/core";
import { createGraphQLError, createSchema, type Plugin } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { createDialectYoga, jitPlugin, maskUnexpected } from "../src/index.ts";

// Through yoga's createSchema: vitest may load graphql's other build for a direct import.
const schema = createSchema({
  typeDefs: /* GraphQL */ `
    input By @oneOf { email: String, id: ID }
    type Item { n: Int!, label: String }
    type Query {
      find(by: By!): String
      count(n: Int!): Int
      items(first: Int = 2): [Item!]!
      boom: String
      refused: String!
      nullInNonNull: String!
      nested: Item
    }
  `,
  resolvers: {
    Query: {
      find: (_: unknown, a: { by: { email?: string; id?: string } }) =>
        a.by.email ? `email:${a.by.email}` : `id:${a.by.id}`,
      count: (_: unknown, a: { n: number }) => a.n * 2,
      items: (_: unknown, a: { first: number }) =>
        Array.from({ length: a.first }, (_x, n) => ({ n, label: n % 2 ? null : `#${n}` })),
      boom: async () => {
        throw new Error("secret detail");
      },
      refused: () => {
        throw createGraphQLError("not allowed", { extensions: { code: "FORBIDDEN" } });
      },
      nullInNonNull: () => null,
      nested: () => ({ n: null, label: "x" }),
    },
  },
});

function endpoint(jit: boolean) {
  const compiled: unknown[] = [];
  const yoga = createDialectYoga({
    schema,
    graphqlEndpoint: "/graphql",
    context: () => ({}),
    development: false,
    jit: false,
    maskError: {
      maskError: maskUnexpected({ log: silentLogger, dialect: "test", message: "Internal" }),
    },
    plugins: (jit ? [jitPlugin({ onCompile: (d) => compiled.push(d) })] : []) as Plugin<
      Record<string, unknown>
    >[],
  });
  const ask = async (query: string, variables?: unknown) => {
    const r = await yoga.fetch("http://x/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return { status: r.status, body: await r.json() };
  };
  return { ask, compiled };
}

const CASES: [string, string, unknown?][] = [
  ["oneOf, one field", "query($by: By!) { find(by: $by) }", { by: { email: "a@b.c" } }],
  ["oneOf, two fields", "query($by: By!) { find(by: $by) }", { by: { email: "a", id: "1" } }],
  ["oneOf, no field", "query($by: By!) { find(by: $by) }", { by: {} }],
  ["oneOf, a null field", "query($by: By!) { find(by: $by) }", { by: { email: null } }],
  ["oneOf literal, two fields", '{ find(by: { email: "a", id: "1" }) }'],
  ["variable of the wrong type", "query($n: Int!) { count(n: $n) }", { n: "abc" }],
  ["variable missing", "query($n: Int!) { count(n: $n) }", {}],
  ["variable given", "query($n: Int!) { count(n: $n) }", { n: 21 }],
  ["lists, defaults, nulls", "{ items(first: 3) { n label } alias: items { n } }"],
  ["a thrown Error is masked", "{ boom items { n } }"],
  ["a thrown GraphQLError passes", "{ refused }"],
  ["null in a non-null root field is masked", "{ nullInNonNull }"],
  ["null in a non-null nested field is masked", "{ nested { n label } }"],
  ["two operations, none named", "query a { count(n: 1) } query b { count(n: 2) }"],
];

describe("graphql-jit (jitPlugin) answers as yoga's executor does", () => {
  const plain = endpoint(false);
  const jit = endpoint(true);
  for (const [name, query, variables] of CASES)
    it(name, async () => {
      const want = await plain.ask(query, variables);
      expect(await jit.ask(query, variables)).toEqual(want);
      // Twice: the second answer comes from the compiled query held for the document.
      expect(await jit.ask(query, variables)).toEqual(want);
    });

  it("runs the compiled query (the cases above were not all answered by yoga's executor)", async () => {
    await jit.ask("query($n: Int!) { count(n: $n) }", { n: 1 });
    expect(jit.compiled.length).toBeGreaterThan(5);
  });

  it("masks what graphql-js masks, with the same locations", async () => {
    const r = await jit.ask("{ boom }");
    expect(r.body.errors).toEqual([
      {
        message: "Internal",
        locations: [{ line: 1, column: 3 }],
        path: ["boom"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
  });
});
