import { readFileSync } from "node:fs";
import { compareWithAnchor } from "@cg/graphql-kit/testing";
import {
  buildClientSchema,
  type GraphQLSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  parse,
  printSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, type Env, gql, setup, tenant } from "./helpers.ts";

// The anchor is vendored beside this test (test/anchors.test.ts checks it equals ../shared).
const anchor = parse(
  readFileSync(new URL("./anchors/customer.reconstructed.graphql", import.meta.url), "utf8"),
);

/**
 * The anchor's members are transcribed from Fluent's own schema pages or examples ([DOC], [EX]) or
 * inferred ([INF]); both are served as it gives them (an [INF] member that differs would be a
 * decision for README.md's omission list). Served beyond it: `Query.me` (README, `User`).
 */
const AHEAD_OF_ANCHOR = ["Query.me"];

// What the endpoint serves (introspection is on in development only).
describe("the Fluent schema against the anchor", () => {
  let env: Env;
  let app: GraphQLSchema;
  beforeAll(async () => {
    env = await setup("pglite", { development: true });
    const t = await tenant(env);
    const r = await gql(env, await accessToken(env, t), getIntrospectionQuery());
    expect(r.status).toBe(200);
    app = buildClientSchema(r.body.data as IntrospectionQuery);
  });
  afterAll(() => env.close());

  it("serves the anchor's members with its types, nullability and arguments (the one comparator)", () => {
    const { problems, missing, compared } = compareWithAnchor(app, anchor, [], AHEAD_OF_ANCHOR);
    expect(problems).toEqual([]);
    expect(missing).toEqual([]);
    expect(compared.types).toBeGreaterThan(10);
    expect(compared.fields).toBeGreaterThan(50);
  });

  it("the committed SDL (schema.graphql) is the served schema (run `pnpm --filter @cg/fluent schema` after a change)", () => {
    expect(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8")).toBe(
      `${printSchema(lexicographicSortSchema(app))}\n`,
    );
  });
});
