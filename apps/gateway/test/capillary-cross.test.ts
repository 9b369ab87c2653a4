import type { AddressInfo } from "node:net";
import { md5Hex } from "@cg/capillary";
import { createCore } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../src/dialects.ts";
import { createGatewayApp, createMetrics } from "../src/index.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary response JSON
type Json = any;

// A profile upserted through Capillary's bulk API, read back through Shopify's `phone:` search
// and Plain's customerByEmail: one gateway on a loopback port, every dialect mounted.
describe.each(testEngines())(
  "Capillary → Shopify and Plain through the gateway on %s",
  (engine) => {
    let t: TestDb;
    let url: string;
    let server: ReturnType<typeof serve>;
    const secrets: Record<string, string> = {};
    let basic = "";
    beforeAll(async () => {
      t = await createTestDb(engine);
      const core = createCore(t.db, { dialects: DIALECTS });
      const tenant = await core.tenants.create("x");
      if (!tenant.ok) throw new Error(tenant.error.message);
      await core.tenantSettings.update(tenant.value.id, { defaultCountry: "IN" });
      for (const d of ["plain", "shopify", "capillary"]) {
        const c = await core.credentials.create({ tenant: "x", dialect: d });
        if (!c.ok) throw new Error(c.error.message);
        secrets[d] = c.value.secret;
        // Capillary's login hook ran: a till and its password for Basic.
        if (d === "capillary")
          basic = Buffer.from(
            `${c.value.login!.tillCode}:${md5Hex(c.value.login!.password!)}`,
          ).toString("base64");
      }
      const app = createGatewayApp({
        db: t.db,
        core,
        log: pino({ level: "silent" }),
        metrics: createMetrics(),
      });
      server = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    });

    const post = async (
      path: string,
      headers: Record<string, string>,
      body: unknown,
    ): Promise<Json> =>
      (
        await fetch(`${url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json;charset=utf-8", ...headers },
          body: JSON.stringify(body),
        })
      ).json();

    it("finds the Capillary profile by phone in Shopify and by email in Plain, names mapped", async () => {
      const up = await post(
        "/capillary/v2/integrations/customer/upsert/bulk",
        { authorization: `Basic ${basic}` },
        [
          {
            profiles: [
              {
                firstName: "Vishal",
                lastName: "K",
                identifiers: [
                  { type: "mobile", value: "916360499160" },
                  { type: "email", value: "Vishal.K@example.com" },
                  { type: "externalId", value: "VISHKWJEJWJC2381" },
                ],
                source: "WEB_ENGAGE",
                accountId: "311c4dd1",
              },
            ],
          },
        ],
      );
      expect(up.failureCount).toBe(0);
      const number: number = up.response[0].entityId;

      const shop = await post(
        "/shopify/admin/api/2025-10/graphql.json",
        { "x-shopify-access-token": secrets.shopify! },
        {
          query: `{ customers(first: 5, query: "phone:+916360499160") { nodes { id firstName lastName phone email } } }`,
        },
      );
      expect(shop.data.customers.nodes).toEqual([
        {
          id: `gid://shopify/Customer/${number}`,
          firstName: "Vishal",
          lastName: "K",
          phone: "+916360499160",
          email: "vishal.k@example.com",
        },
      ]);

      const plain = await post(
        "/plain/graphql/v1",
        { authorization: `Bearer ${secrets.plain}` },
        {
          query: `{ customerByEmail(email: "vishal.k@example.com") { fullName shortName email { email } } }`,
        },
      );
      expect(plain.data.customerByEmail).toMatchObject({
        fullName: "Vishal K",
        email: { email: "vishal.k@example.com" },
      });
    });

    it("serves the OpenAPI document and the docs page under /capillary", async () => {
      const doc = await (await fetch(`${url}/capillary/openapi.json`)).json();
      expect(doc.servers).toEqual([{ url: "/capillary" }]);
      const html = await (await fetch(`${url}/capillary/docs`)).text();
      expect(html).toContain(`src="/capillary/docs/swagger-ui-bundle.js"`);
      expect((await fetch(`${url}/capillary/docs/swagger-ui-bundle.js`)).status).toBe(200);
      const notFound = await fetch(`${url}/capillary/v2/nothing`);
      expect(notFound.status).toBe(404);
      expect((await notFound.json()).errors[0]).toMatchObject({ status: false, code: 404 });
    });
  },
);
