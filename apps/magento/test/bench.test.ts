import type { AddressInfo } from "node:net";
import { createCore, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_CUSTOMERS, magentoScenario } from "../bench.ts";
import { createMagentoHandler } from "../src/index.ts";

// The bench sends these requests to the gateway's /magento prefix; they must be valid,
// token-authenticated updates that never fail.
describe("bench scenario", () => {
  let t: TestDb;
  let server: ReturnType<typeof serve>;
  let base: string;
  beforeAll(async () => {
    t = await createTestDb("pglite");
    const core = createCore(t.db);
    await createTenant(t.db, "bench");
    await core.stores.create({ tenant: "bench", code: "bench_store" });
    const handler = createMagentoHandler(
      { core, log: silentLogger, development: false },
      { root: "/magento" },
    );
    server = await new Promise((resolve) => {
      const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.dispose();
  });

  it("signs in every customer once in prepare, then each connection updates its own", async () => {
    // Three customers here (the bench signs in BENCH_CUSTOMERS, one per connection).
    const secret = await magentoScenario.prepare(base, "bench_store", 3);
    const emails = new Set<string>();
    for (const [i, conn] of [
      [0, 0],
      [1, 1],
      [10, 0],
      [11, 2],
      [12, 3], // a fourth connection wraps around to the first customer
    ] as const) {
      const { headers, body } = magentoScenario.request(i, secret, conn);
      const r = await fetch(`${base}${magentoScenario.path}`, { method: "POST", headers, body });
      expect(r.status).toBe(200);
      const json = (await r.json()) as {
        data: {
          updateCustomerV2: {
            customer: { firstname: string; is_subscribed: boolean; email: string };
          };
        };
        errors?: unknown;
      };
      expect(json.errors).toBeUndefined();
      expect(json.data.updateCustomerV2.customer).toMatchObject({
        firstname: `Bench${i % 10}`,
        is_subscribed: i % 2 === 0,
      });
      emails.add(json.data.updateCustomerV2.customer.email);
    }
    // Connections 0, 1 and 2 updated three distinct customers; 0 and 3 the same one.
    expect(emails.size).toBe(3);
    expect(BENCH_CUSTOMERS).toBe(32);
  });
});
