import type { AddressInfo } from "node:net";
import { createCore, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { magentoScenario } from "../bench.ts";
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

  it("signs in once in prepare, then updates the customer with its token", async () => {
    const secret = await magentoScenario.prepare(base, "bench_store");
    for (const i of [0, 1, 10]) {
      const { headers, body } = magentoScenario.request(i, secret);
      const r = await fetch(`${base}${magentoScenario.path}`, { method: "POST", headers, body });
      expect(r.status).toBe(200);
      const json = (await r.json()) as {
        data: { updateCustomerV2: { customer: { firstname: string; is_subscribed: boolean } } };
        errors?: unknown;
      };
      expect(json.errors).toBeUndefined();
      expect(json.data.updateCustomerV2.customer).toMatchObject({
        firstname: `Bench${i % 10}`,
        is_subscribed: i % 2 === 0,
      });
    }
  });
});
