import { createCore, createCredential, createTenant } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayApp, createMetrics } from "../src/index.ts";

// One gateway app, every dialect mounted: a customer written through one dialect reads through
// the others, field by field.
describe.each(testEngines())("cross-dialect through the gateway on %s", (engine) => {
  let t: TestDb;
  let app: ReturnType<typeof createGatewayApp>;
  const secrets: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestDb(engine);
    const core = createCore(t.db);
    await createTenant(t.db, "x");
    for (const d of ["internal", "plain", "shopify"]) {
      const c = await createCredential(t.db, { tenant: "x", dialect: d });
      if (!c.ok) throw new Error(c.error.message);
      secrets[d] = c.value.secret;
    }
    app = createGatewayApp({
      db: t.db,
      core,
      log: pino({ level: "silent" }),
      metrics: createMetrics(),
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  // biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary GraphQL response JSON
  type Gql = { data: Record<string, any>; errors?: unknown[] };
  const plain = async (query: string, variables: unknown) =>
    (await (
      await app.request("/plain/graphql/v1", {
        method: "POST",
        headers: { authorization: `Bearer ${secrets.plain}`, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as Gql;
  const shopify = async (query: string, variables: unknown) =>
    (await (
      await app.request("/shopify/admin/api/2025-10/graphql.json", {
        method: "POST",
        headers: { "x-shopify-access-token": secrets.shopify!, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as Gql;

  it("Plain upsertCustomer → Shopify customerByIdentifier → internal lookup → Shopify update → Plain read", async () => {
    const created = await plain(
      `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result customer { id fullName email { email } externalId } error { message } } }`,
      {
        input: {
          identifier: { emailAddress: "Cross@Example.com" },
          onCreate: {
            fullName: "Ada Lovelace",
            email: { email: "Cross@Example.com", isVerified: true },
            externalId: "ext-1",
          },
          onUpdate: {},
        },
      },
    );
    expect(created.data.upsertCustomer.result).toBe("CREATED");
    const plainId: string = created.data.upsertCustomer.customer.id;

    const s = await shopify(
      `query { customerByIdentifier(identifier: { emailAddress: "cross@example.com" }) { id firstName lastName email defaultEmailAddress { emailAddress } } }`,
      {},
    );
    expect(s.errors).toBeUndefined();
    const sc = s.data.customerByIdentifier;
    expect(sc).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "cross@example.com",
    });
    expect(sc.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);

    const internal = await app.request(
      `/trpc/customers.lookup?input=${encodeURIComponent(JSON.stringify({ kind: "EXTERNAL_ID", value: "ext-1" }))}`,
      {
        headers: { authorization: `Bearer ${secrets.internal}` },
      },
    );
    const ic = ((await internal.json()) as { result: { data: { id: string; number: number } } })
      .result.data;
    expect(`c_${ic.id}`).toBe(plainId);
    expect(sc.id).toBe(`gid://shopify/Customer/${ic.number}`);

    const upd = await shopify(
      `mutation($id: ID!) { customerSet(identifier: { id: $id }, input: { phone: "+14155550123", tags: ["vip"] }) { customer { id phone tags } userErrors { field message code } } }`,
      { id: sc.id },
    );
    expect(upd.data.customerSet.userErrors).toEqual([]);
    expect(upd.data.customerSet.customer).toMatchObject({ phone: "+14155550123", tags: ["vip"] });

    const back = await plain(
      `query($id: ID!) { customer(customerId: $id) { id fullName email { email isVerified } externalId } }`,
      { id: plainId },
    );
    expect(back.data.customer).toMatchObject({
      id: plainId,
      fullName: "Ada Lovelace",
      email: { email: "cross@example.com", isVerified: true },
      externalId: "ext-1",
    });

    const again = await plain(
      `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result } }`,
      {
        input: {
          identifier: { externalId: "ext-1" },
          onCreate: { fullName: "x", email: { email: "x@y.io", isVerified: false } },
          onUpdate: { fullName: { value: "Ada Lovelace" } },
        },
      },
    );
    expect(again.data.upsertCustomer.result).toBe("NOOP");
  });
});

describe("oversize bodies through the gateway", () => {
  it("get each dialect's own error shape", async () => {
    const t = await createTestDb("pglite");
    try {
      const core = createCore(t.db);
      await createTenant(t.db, "x");
      const app = createGatewayApp({
        db: t.db,
        core,
        log: pino({ level: "silent" }),
        metrics: createMetrics(),
      });
      const big = JSON.stringify({
        query: `{ __typename }`,
        variables: { pad: "x".repeat(2 * 1024 * 1024) },
      });
      const plain = await app.request("/plain/graphql/v1", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer x" },
        body: big,
      });
      // One order for every dialect (route → credential → body): an unknown key is refused before
      // the body is read.
      expect(plain.status).toBe(401);
      const pj = (await plain.json()) as { errors: { extensions: { code: string } }[] };
      expect(pj.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
      // A valid token, so the body itself is what gets refused (not the credential).
      const token = await createCredential(t.db, { tenant: "x", dialect: "shopify" });
      if (!token.ok) throw new Error(token.error.message);
      const shop = await app.request("/shopify/admin/api/2025-10/graphql.json", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": token.value.secret,
        },
        body: big,
      });
      expect(shop.status).toBe(413);
      expect(await shop.json()).toEqual({ errors: "Request body too large" });
      const plainOk = await createCredential(t.db, { tenant: "x", dialect: "plain" });
      if (!plainOk.ok) throw new Error(plainOk.error.message);
      const plainBig = await app.request("/plain/graphql/v1", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${plainOk.value.secret}`,
        },
        body: big,
      });
      expect(plainBig.status).toBe(400);
      expect(
        ((await plainBig.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!
          .extensions.code,
      ).toBe("BAD_USER_INPUT");
      const trpc = await app.request("/trpc/customers.upsert", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(trpc.status).toBe(413);
    } finally {
      await t.dispose();
    }
  });
});
