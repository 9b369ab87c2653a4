import { createCore, createTenant } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../src/dialects.ts";
import { createGatewayApp, createMetrics } from "../src/index.ts";

// Fluent mounted in the gateway (/fluent/oauth/token, /fluent/graphql): a customer created
// through Fluent reads through Plain, Shopify and tRPC, and one Shopify writes is found by
// Fluent's customers(primaryEmail: …).
describe.each(testEngines())("Fluent across dialects through the gateway on %s", (engine) => {
  let t: TestDb;
  let app: ReturnType<typeof createGatewayApp>;
  const secrets: Record<string, string> = {};
  let access = "";
  beforeAll(async () => {
    t = await createTestDb(engine);
    const core = createCore(t.db, { dialects: DIALECTS });
    const tenant = await createTenant(t.db, "x");
    if (!tenant.ok) throw new Error(tenant.error.message);
    await core.tenantSettings.update(tenant.value.id, { defaultCountry: "US" });
    for (const d of ["internal", "plain", "shopify", "fluent"]) {
      // As `cg credentials create` does: Fluent's login hook answers `login` beside the secret.
      const c = await core.credentials.create({ tenant: "x", dialect: d });
      if (!c.ok) throw new Error(c.error.message);
      secrets[d] = c.value.secret;
      if (d === "fluent") {
        const login = c.value.login!;
        const res = await app_().request("/fluent/oauth/token", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "password",
            client_id: login.clientId!,
            client_secret: login.clientSecret!,
            username: login.username!,
            password: login.password!,
            scope: "api",
          }).toString(),
        });
        expect(res.status).toBe(200);
        access = ((await res.json()) as { access_token: string }).access_token;
      }
    }
    function app_() {
      app ??= createGatewayApp({
        db: t.db,
        core,
        log: pino({ level: "silent" }),
        metrics: createMetrics(),
      });
      return app;
    }
  });
  afterAll(() => t.dispose());

  // biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary GraphQL response JSON
  type Gql = { data: Record<string, any>; errors?: unknown[] };
  const post = async (
    path: string,
    headers: Record<string, string>,
    query: string,
    variables: unknown = {},
  ) =>
    (await (
      await app.request(path, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as Gql;
  const fluent = (q: string, v?: unknown) =>
    post("/fluent/graphql", { authorization: `Bearer ${access}` }, q, v);
  const plain = (q: string, v?: unknown) =>
    post("/plain/graphql/v1", { authorization: `Bearer ${secrets.plain}` }, q, v);
  const shopify = (q: string, v?: unknown) =>
    post(
      "/shopify/admin/api/2025-10/graphql.json",
      { "x-shopify-access-token": secrets.shopify! },
      q,
      v,
    );

  it("createCustomer through Fluent → Plain customerByEmail, Shopify customerByIdentifier, tRPC lookup", async () => {
    const created = await fluent(
      `mutation($input: CreateCustomerInput) { createCustomer(input: $input) { id ref primaryEmail primaryPhone } }`,
      {
        input: {
          username: "1_ada@example.com",
          firstName: "Ada",
          lastName: "Lovelace",
          primaryEmail: "Ada@Example.com",
          primaryPhone: "(201) 555-0123",
          promotionOptIn: true,
          timezone: "Europe/London",
          retailer: { id: "1" },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const fc = created.data.createCustomer;
    expect(fc).toMatchObject({
      ref: "1_ada@example.com",
      primaryEmail: "ada@example.com",
      primaryPhone: "+12015550123",
    });

    const p = await plain(
      `query { customerByEmail(email: "ada@example.com") { id fullName email { email } } }`,
    );
    expect(p.errors).toBeUndefined();
    expect(p.data.customerByEmail).toMatchObject({
      fullName: "Ada Lovelace",
      email: { email: "ada@example.com" },
    });

    const s = await shopify(
      `query { customerByIdentifier(identifier: { emailAddress: "ada@example.com" }) { id firstName lastName email phone } }`,
    );
    expect(s.errors).toBeUndefined();
    expect(s.data.customerByIdentifier).toEqual({
      id: `gid://shopify/Customer/${fc.id}`,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+12015550123",
    });

    const internal = await app.request(
      `/trpc/customers.lookup?input=${encodeURIComponent(JSON.stringify({ kind: "USERNAME", value: "1_ada@example.com" }))}`,
      { headers: { authorization: `Bearer ${secrets.internal}` } },
    );
    const ic = ((await internal.json()) as { result: { data: Record<string, unknown> } }).result
      .data;
    expect(ic).toMatchObject({
      number: Number(fc.id),
      firstName: "Ada",
      lastName: "Lovelace",
      timezone: "Europe/London",
    });
  });

  it("a customer Shopify writes is found by Fluent's customers(primaryEmail: …)", async () => {
    const set = await shopify(
      `mutation { customerSet(input: { email: "grace@example.com", firstName: "Grace", lastName: "Hopper" }) { customer { id } userErrors { field message } } }`,
    );
    expect(set.data.customerSet.userErrors).toEqual([]);
    const f = await fluent(
      `{ customers(primaryEmail: ["GRACE@example.com"]) { edges { node { id ref firstName lastName primaryEmail } cursor } pageInfo { hasNextPage } } }`,
    );
    expect(f.errors).toBeUndefined();
    expect(f.data.customers).toEqual({
      edges: [
        {
          node: {
            id: set.data.customerSet.customer.id.split("/").at(-1),
            ref: null,
            firstName: "Grace",
            lastName: "Hopper",
            primaryEmail: "grace@example.com",
          },
          cursor: expect.any(String),
        },
      ],
      pageInfo: { hasNextPage: false },
    });
  });
});
