import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { createDialectYoga, type StatusTable } from "../src/index.ts";

const schema = createSchema({
  typeDefs: `type Query { echo(s: String!): String!, fails: String }`,
  resolvers: {
    Query: {
      echo: (_: unknown, { s }: { s: string }) => s,
      fails: () => {
        throw new Error("boom");
      },
    },
  },
});
const yoga = (status?: StatusTable) =>
  createDialectYoga({
    schema,
    graphqlEndpoint: "/graphql",
    context: () => ({}),
    limits: { maxQueryBytes: 100 },
    ...(status ? { status } : {}),
  });
const post = (query: string, accept = "application/json") =>
  new Request("http://x/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify({ query }),
  });
const statuses = async (status?: StatusTable) => {
  const y = yoga(status);
  const at = async (q: string, accept?: string) => (await y.fetch(post(q, accept))).status;
  return {
    ok: await at(`{ echo(s: "a") }`),
    syntax: await at(`{ echo(`),
    invalid: await at(`{ nope }`, "application/graphql-response+json"),
    invalidJson: await at(`{ nope }`),
    tooLong: await at(`{ echo(s: "${"x".repeat(200)}") }`),
    failed: await at(`{ fails }`),
  };
};

describe("the status table (status-policy.ts)", () => {
  it("without one, yoga's GraphQL-over-HTTP statuses", async () => {
    expect(await statuses()).toEqual({
      ok: 200,
      syntax: 200,
      invalid: 400,
      invalidJson: 200,
      tooLong: 413,
      failed: 200,
    });
  });

  it("a number answers every result of its row with that status", async () => {
    expect(await statuses({ refused: 500, executed: 202 })).toEqual({
      ok: 202,
      syntax: 500,
      invalid: 500,
      invalidJson: 500,
      tooLong: 500,
      failed: 202,
    });
  });

  it("atLeast lifts yoga's status, a larger carried one stands; remap rewrites last", async () => {
    expect(await statuses({ refused: { atLeast: 400 }, executed: "carried" })).toEqual({
      ok: 200,
      syntax: 400,
      invalid: 400,
      invalidJson: 400,
      tooLong: 413,
      failed: 200,
    });
    expect(
      await statuses({ refused: "carried", executed: "carried", remap: { 400: 200, 413: 414 } }),
    ).toEqual({ ok: 200, syntax: 200, invalid: 200, invalidJson: 200, tooLong: 414, failed: 200 });
  });

  it("leaves responses written without a result alone (yoga's 404 off the endpoint)", async () => {
    const res = await yoga({ refused: 200, executed: 200 }).fetch(
      new Request("http://x/elsewhere", { method: "POST", body: "{}" }),
    );
    expect(res.status).toBe(404);
  });
});
