import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { createPresenter, fullSelection } from "../src/index.ts";

const schema = buildSchema(`
  type Query { customer(id: ID!): Customer }
  type Customer {
    id: ID!
    name: String
    old: String @deprecated(reason: "gone")
    kind: Kind
    email: Email
    orders(first: Int!): OrderConnection
    greeting(lang: String): String
    secret(key: String!): String
  }
  enum Kind { PERSON COMPANY }
  type Email { address: String verified: Boolean owner: Customer }
  type OrderConnection { totalCount: Int }
`);

describe("createPresenter", () => {
  it("selects every field a client can ask for without arguments, objects followed to a depth", () => {
    const type = schema.getType("Customer") as Parameters<typeof fullSelection>[0];
    expect(fullSelection(type, 1)).toBe("id name kind email { address verified } greeting");
  });

  it("runs the type's own resolvers over the source, with the context", async () => {
    const present = createPresenter<Record<string, unknown>, { lang: string }>(schema, "Customer");
    const out = await present(
      {
        id: "1",
        name: "Ann",
        kind: "PERSON",
        email: { address: "a@x.io", verified: true, owner: null },
        greeting: (_: unknown, ctx: { lang: string }) => `hi (${ctx.lang})`,
      },
      { lang: "en" },
    );
    expect(out).toEqual({
      id: "1",
      name: "Ann",
      kind: "PERSON",
      email: { address: "a@x.io", verified: true, owner: null },
      greeting: "hi (en)",
    });
  });

  it("reports a field's error beside the data, as a client would see it", async () => {
    const present = createPresenter<Record<string, unknown>, null>(schema, "Customer", {
      depth: 0,
    });
    const out = await present(
      {
        id: "1",
        name: () => {
          throw new Error("nope");
        },
      },
      null,
    );
    expect(out).toMatchObject({ data: { id: "1", name: null }, errors: [{ message: "nope" }] });
  });
});
