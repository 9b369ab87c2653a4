import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, type Env, PASSWORD, setup } from "./helpers.ts";

describe.each(testEngines())("concurrent createCustomerV2 on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.dispose());

  it("64 concurrent registrations of one new email → one customer, the rest the duplicate-email error, never a 500", async () => {
    const store = await env.store();
    const send = (i: number) =>
      env.raw("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", store: store.code },
        body: JSON.stringify({
          query: DOCS.createCustomerVars,
          variables: {
            input: {
              firstname: `Racer${i}`,
              lastname: "Loblaw",
              email: "race@example.com",
              password: PASSWORD,
            },
          },
        }),
      });
    const responses = await Promise.all(Array.from({ length: 64 }, (_, i) => send(i)));
    expect(responses.map((r) => r.status)).toEqual(Array(64).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      data: { createCustomerV2: { customer: { email: string } } | null };
      errors?: { message: string; extensions: { category: string } }[];
    }[];
    const won = bodies.filter((b) => b.data.createCustomerV2 !== null);
    expect(won).toHaveLength(1);
    const lost = bodies.filter((b) => b.data.createCustomerV2 === null);
    for (const b of lost)
      expect(b.errors).toEqual([
        expect.objectContaining({
          message:
            "A customer with the same email address already exists in an associated website.",
          extensions: { category: "graphql-input" },
        }),
      ]);
    const [row] = await env.t.db.sql.query<{ customers: string; created: string }>(
      `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1) AS customers,
              (SELECT count(*) FROM events WHERE tenant_id = $1 AND result = 'CREATED') AS created`,
      [store.tenantId],
    );
    expect({ customers: Number(row!.customers), created: Number(row!.created) }).toEqual({
      customers: 1,
      created: 1,
    });
  });
});
