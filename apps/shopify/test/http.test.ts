import { createCredential } from "@cg/core";
import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supportedVersions } from "../src/versions.ts";
import { CUSTOMER_SET, type Env, type SetPayload, type Shop, setup } from "./helpers.ts";

const UNAUTHORIZED = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

describe.each(testEngines())("HTTP surface on %s: auth, versions, scopes, cost", (engine) => {
  let env: Env;
  let shop: Shop;
  const path = (v = "2025-10") => `/admin/api/${v}/graphql.json`;
  const query = { query: "{ customersCount { count } }" };

  beforeAll(async () => {
    env = await setup(engine);
    shop = await env.shop();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it("401 with Shopify's body for a missing, wrong or other-dialect token", async () => {
    const tokens: Record<string, string>[] = [
      {},
      { "x-shopify-access-token": "shpat_wrong" },
      { "x-shopify-access-token": `${shop.secret}x` },
    ];
    for (const headers of tokens) {
      const r = await env.post(path(), query, headers);
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual(UNAUTHORIZED);
    }
    const plain = await createCredential(env.t.db, { tenant: shop.slug, dialect: "plain" });
    if (!plain.ok) throw new Error(plain.error.message);
    const r = await env.post(path(), query, { "x-shopify-access-token": plain.value.secret });
    expect(r.status).toBe(401);
    const viaClient = await env.client({ ...shop, secret: "wrong" }).request(query.query);
    expect(viaClient.errors?.networkStatusCode).toBe(401);
  });

  it("serves every supported version; a retired release falls forward to the oldest; unknown → 404", async () => {
    const h = { "x-shopify-access-token": shop.secret };
    const supported = supportedVersions();
    for (const v of supported) {
      const r = await env.post(path(v), query, h);
      expect(r.status).toBe(200);
      expect(r.headers.get("x-shopify-api-version")).toBe(v);
    }
    const old = await env.post(path("2024-01"), query, h);
    expect(old.status).toBe(200);
    expect(old.headers.get("x-shopify-api-version")).toBe(supported[0]);
    for (const v of ["2099-01", "banana", "2025-11"]) {
      const r = await env.post(path(v), query, h);
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ errors: "Not Found" });
    }
    expect((await env.post("/admin/api/2025-10/other.json", query, h)).status).toBe(404);
  });

  it("2026-07 has CustomerInput.whatsAppMarketingConsent; 2025-10 rejects it", async () => {
    const m = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { email } userErrors { message } } }`;
    const input = { email: "wa@x.io", whatsAppMarketingConsent: { state: "SUBSCRIBED" } };
    const newer = await env
      .client(shop, { apiVersion: "2026-07" })
      .request(m, { variables: { input } });
    expect(newer.data).toEqual({
      customerCreate: { customer: { email: "wa@x.io" }, userErrors: [] },
    });
    const older = await env
      .client(shop, { apiVersion: "2025-10" })
      .request(m, { variables: { input: { ...input, email: "wa2@x.io" } } });
    expect(older.errors?.graphQLErrors?.[0]?.message).toMatch(/whatsAppMarketingConsent/);
  });

  it("ACCESS_DENIED for a token without the scope; read_customers can read but not write", async () => {
    const reader = await env.shop(["read_customers"]);
    const r = await env
      .client(reader)
      .request(CUSTOMER_SET, { variables: { input: { email: "ro@x.io" } } });
    expect(r.errors?.graphQLErrors?.[0]).toMatchObject({ extensions: { code: "ACCESS_DENIED" } });
    expect(r.errors?.graphQLErrors?.[0]?.message).toContain("write_customers");
    const read = await env.client(reader).request(query.query);
    expect(read.data).toEqual({ customersCount: { count: 0 } });
    const writer = await env.shop(["write_customers"]);
    expect((await env.client(writer).request(query.query)).data).toEqual({
      customersCount: { count: 0 },
    });
  });

  it("every answer carries extensions.cost with the bucket's state", async () => {
    const c = env.client(await env.shop());
    const a = await c.request(CUSTOMER_SET, { variables: { input: { email: "cost@x.io" } } });
    expect(a.extensions?.cost).toMatchObject({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 20000, restoreRate: 10000 },
    });
    const b = await c.request(`{ customers(first: 5) { edges { node { id addresses { id } } } } }`);
    // requested: 2 + 5 × (node 1 + addresses 1); actual: the one customer returned, 2 + 1 × 2
    expect(b.extensions?.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 4 });
    // (Exact bucket accounting is tested below, on a manual clock.)
    expect(b.extensions?.cost).toMatchObject({
      throttleStatus: {
        maximumAvailable: 20000,
        currentlyAvailable: expect.any(Number),
        restoreRate: 10000,
      },
    });
  });

  it("accepts a raw application/graphql body, as Shopify does", async () => {
    const r = await fetch(`${env.base}${path()}`, {
      method: "POST",
      headers: { "content-type": "application/graphql", "x-shopify-access-token": shop.secret },
      body: "{ customers(first: 3) { nodes { id } } }",
    });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.data.customers.nodes).toEqual(expect.any(Array));
    expect(body.extensions.cost.requestedQueryCost).toBe(5);
  });

  it("depth and alias limits apply as on every endpoint", async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: customersCount { count }`).join(
      " ",
    );
    const r = await env.client(shop).request(`{ ${aliases} }`);
    expect(r.errors?.graphQLErrors?.[0]?.message).toMatch(/aliases/i);
  });
});

describe.each(testEngines())("throttling on %s", (engine) => {
  let env: Env;
  let shop: Shop;
  // The bucket runs on a manual clock: time moves only when the test (or a client retry) says so.
  let now = 0;
  beforeAll(async () => {
    // A bucket of 25 points refilled at 20/s: two mutations (10 each) pass, the third is throttled.
    env = await setup(engine, {
      costLimits: { maximumAvailable: 25, restoreRate: 20, maxQueryCost: 100 },
      clock: () => now,
    });
    shop = await env.shop();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it("a throttled request gets THROTTLED (429) and the client's retries get it through", async () => {
    const c = env.client(shop);
    const v = (i: number) => ({
      variables: { identifier: { email: `t${i}@x.io` }, input: { email: `t${i}@x.io` } },
    });
    await c.request(CUSTOMER_SET, v(1));
    await c.request(CUSTOMER_SET, v(2));
    const raw = await env.post(
      "/admin/api/2025-10/graphql.json",
      { query: CUSTOMER_SET, ...v(3) },
      { "x-shopify-access-token": shop.secret },
    );
    expect(raw.status).toBe(429);
    const body = await raw.json();
    expect(body.errors[0]).toMatchObject({
      message: "Throttled",
      extensions: { code: "THROTTLED" },
    });
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: 10,
      throttleStatus: { maximumAvailable: 25, restoreRate: 20 },
    });
    const noRetry = await c.request(CUSTOMER_SET, v(3));
    expect(noRetry.errors?.networkStatusCode).toBe(429);

    // The client waits before each retry; that wait is what refills the bucket (1 s = 20 points).
    const logs: string[] = [];
    const retrying = env.client(shop, {
      retries: 3,
      logger: (l) => {
        logs.push(l.type);
        if (l.type === "HTTP-Retry") now += 1000;
      },
    });
    const r = await retrying.request<SetPayload>(CUSTOMER_SET, v(3));
    expect(r.errors).toBeUndefined();
    expect(r.data?.customerSet.customer?.email).toBe("t3@x.io");
    expect(logs).toContain("HTTP-Retry");
  });

  it("the unused part of a connection's requested cost goes back into the bucket", async () => {
    const fresh = await env.shop();
    const r = await env.client(fresh).request(`{ customers(first: 10) { nodes { id } } }`);
    // requested 2 + 10 × 1, actual 2 (no customers): 25 − 12 + 10 = 23 left.
    expect(r.extensions?.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 25, currentlyAvailable: 23, restoreRate: 20 },
    });
  });

  it("a query above the single-query maximum is refused with MAX_COST_EXCEEDED", async () => {
    const r = await env
      .client(shop, { retries: 0 })
      .request(`{ customers(first: 250) { nodes { id } } }`);
    expect(r.errors?.graphQLErrors?.[0]).toMatchObject({
      extensions: { code: "MAX_COST_EXCEEDED", cost: 252, maxCost: 100 },
    });
  });
});

describe("mounted under a prefix", () => {
  it("answers at {prefix}/admin/api/{version}/graphql.json only", async () => {
    const env = await setup("pglite", { prefix: "/shopify" });
    try {
      const shop = await env.shop();
      const h = { "x-shopify-access-token": shop.secret };
      const ok = await env.post(
        "/shopify/admin/api/2025-10/graphql.json",
        { query: "{ customersCount { count } }" },
        h,
      );
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ data: { customersCount: { count: 0 } } });
      expect(
        (
          await env.post(
            "/admin/api/2025-10/graphql.json",
            { query: "{ customersCount { count } }" },
            h,
          )
        ).status,
      ).toBe(404);
      const viaClient = await env.client(shop).request("{ customersCount { count } }");
      expect(viaClient.data).toEqual({ customersCount: { count: 0 } });
    } finally {
      await env.dispose();
    }
  });
});
