import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup, type TenantEnv, tenant } from "./helpers.ts";

const CREATE = `mutation c($input: CreateCustomerInput) { createCustomer(input: $input) { id ref } }`;
const UPDATE = `mutation u($input: UpdateCustomerInput) { updateCustomer(input: $input) { id firstName } }`;

describe.each(testEngines())("64 concurrent Fluent writes of one username on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup(engine);
    t = await tenant(env);
  });
  afterAll(() => env.close());

  const count = async (username: string) => {
    const r = await t.client().graphql({
      query: `{ customers(username: ["${username}"], first: 100) { edges { node { id } } } }`,
    });
    return (r.data as { customers: { edges: unknown[] } }).customers.edges.length;
  };

  it("createCustomer: one customer, one success, every other call Fluent's duplicate error", async () => {
    const client = t.client();
    await client.graphql({ query: "query { me { ref } }" }); // one login, shared by all calls
    const input = (i: number) => ({
      username: "1_race@example.com",
      primaryEmail: "race@example.com",
      firstName: `Racer ${i}`,
      promotionOptIn: true,
      retailer: { id: t.login.retailerId },
    });
    const rs = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        client.graphql({ query: CREATE, variables: { input: input(i) } }),
      ),
    );
    const ok = rs.filter((r) => r.status === "fulfilled");
    const codes = rs.flatMap((r) =>
      r.status === "rejected"
        ? [
            (r.reason as { graphqlErrors?: { extensions?: { code?: string } }[] })
              .graphqlErrors?.[0]?.extensions?.code,
          ]
        : [],
    );
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(Array(63).fill("C0123E"));
    expect(await count("1_race@example.com")).toBe(1);
  });

  it("updateCustomer: one customer, no error", async () => {
    const client = t.client();
    const rs = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        client.graphql({
          query: UPDATE,
          variables: { input: { username: "1_race@example.com", firstName: `Updater ${i % 4}` } },
        }),
      ),
    );
    expect(rs.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await count("1_race@example.com")).toBe(1);
  });
});
