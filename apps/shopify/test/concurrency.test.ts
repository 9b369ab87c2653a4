import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_SET, type Env, type SetPayload, setup } from "./helpers.ts";

describe.each(testEngines())("concurrent customerSet on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(async () => {
    await env.dispose();
  });

  it("64 concurrent upserts of one new email → one customer, no errors", async () => {
    const shop = await env.shop();
    const client = env.client(shop);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        client.request<SetPayload>(CUSTOMER_SET, {
          variables: {
            identifier: { email: "race@x.io" },
            input: { email: "race@x.io", note: `writer ${i % 4}` },
          },
        }),
      ),
    );
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data?.customerSet.userErrors).toEqual([]);
    }
    expect(new Set(results.map((r) => r.data?.customerSet.customer?.id)).size).toBe(1);
    const [row] = await env.t.db.sql.query<{ customers: string; created: string }>(
      `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1) AS customers,
              (SELECT count(*) FROM events WHERE tenant_id = $1 AND result = 'CREATED') AS created`,
      [shop.tenantId],
    );
    expect({ customers: Number(row!.customers), created: Number(row!.created) }).toEqual({
      customers: 1,
      created: 1,
    });
    const count = await client.request(`{ customersCount(query: "email:race@x.io") { count } }`);
    expect(count.data).toEqual({ customersCount: { count: 1 } });
  });
});
