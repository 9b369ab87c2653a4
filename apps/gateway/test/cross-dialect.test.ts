import { type Customer, createCore, createCredential, createTenant, customerNames } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayApp, createMetrics } from "../src/index.ts";

// One gateway app, every dialect mounted: a customer written through one dialect reads through
// the others, field by field.
describe.each(testEngines())("cross-dialect through the gateway on %s", (engine) => {
  let t: TestDb;
  let app: ReturnType<typeof createGatewayApp> & { core: ReturnType<typeof createCore> };
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
    app = Object.assign(
      createGatewayApp({
        db: t.db,
        core,
        log: pino({ level: "silent" }),
        metrics: createMetrics(),
      }),
      { core },
    );
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

  it("Magento registration → Shopify email search and Plain customerByEmail; a Shopify address reads back in Magento", async () => {
    const store = await app.core.stores.create({ tenant: "x", code: "x_en" });
    expect(store.ok).toBe(true);
    const magento = async (query: string, variables?: unknown, token?: string) =>
      (await (
        await app.request("/magento/graphql", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            store: "x_en",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as Gql;
    const reg = await magento(
      `mutation($input: CustomerCreateInput!) { createCustomerV2(input: $input) { customer { email firstname } } }`,
      {
        input: {
          firstname: "Grace",
          lastname: "Hopper",
          email: "Grace@Magento.example",
          password: "Cobol-1959",
        },
      },
    );
    expect(reg.errors).toBeUndefined();
    const found = await shopify(
      `{ customers(first: 5, query: "email:grace@magento.example") { nodes { id firstName lastName email } } }`,
      {},
    );
    expect(found.data.customers.nodes).toEqual([
      expect.objectContaining({
        firstName: "Grace",
        lastName: "Hopper",
        email: "grace@magento.example",
      }),
    ]);
    const byEmail = await plain(
      `query($email: String!) { customerByEmail(email: $email) { fullName email { email } } }`,
      { email: "grace@magento.example" },
    );
    expect(byEmail.data.customerByEmail).toMatchObject({
      email: { email: "grace@magento.example" },
    });
    const id = found.data.customers.nodes[0].id;
    const set = await shopify(
      `mutation($id: ID!) { customerSet(identifier: { id: $id }, input: { addresses: [{ address1: "1 Navy Yard", city: "Arlington", provinceCode: "VA", countryCode: US, zip: "22202", phone: "+17035550100", firstName: "Grace", lastName: "Hopper" }] }) { userErrors { message } } }`,
      { id },
    );
    expect(set.data.customerSet.userErrors).toEqual([]);
    const token = (
      await magento(
        `mutation { generateCustomerToken(email: "grace@magento.example", password: "Cobol-1959") { token } }`,
      )
    ).data.generateCustomerToken.token as string;
    const me = await magento(
      `{ customer { addresses { street city postcode country_code telephone default_shipping region { region region_code } } } }`,
      undefined,
      token,
    );
    expect(me.data.customer.addresses).toEqual([
      {
        street: ["1 Navy Yard"],
        city: "Arlington",
        postcode: "22202",
        country_code: "US",
        telephone: "+17035550100",
        default_shipping: true,
        region: { region: "Virginia", region_code: "VA" },
      },
    ]);
  });

  it("a Magento address with fax and vat_id and no default: Shopify reads it, and a Shopify write keeps what it has no place for", async () => {
    const store = await app.core.stores.create({ tenant: "x", code: "x_two" });
    expect(store.ok).toBe(true);
    const magento = async (query: string, token?: string) =>
      (await (
        await app.request("/magento/graphql", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            store: "x_two",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query }),
        })
      ).json()) as Gql;
    const reg = await magento(
      `mutation { createCustomerV2(input: { firstname: "Ada", lastname: "King", email: "ada@magento.example", password: "Engine-1843" }) { customer { email } } }`,
    );
    expect(reg.errors).toBeUndefined();
    const token = (
      await magento(
        `mutation { generateCustomerToken(email: "ada@magento.example", password: "Engine-1843") { token } }`,
      )
    ).data.generateCustomerToken.token as string;
    const made = await magento(
      `mutation { createCustomerAddress(input: { firstname: "Ada", lastname: "King", middlename: "A", fax: "+44 20 7946 0000", vat_id: "GB999999973", street: ["12 St James's Square"], city: "London", country_code: GB, postcode: "SW1Y 4JH", telephone: "+442079460001" }) { id default_shipping } }`,
      token,
    );
    expect(made.data.createCustomerAddress.default_shipping).toBe(false);
    const found = await shopify(
      `{ customers(first: 5, query: "email:ada@magento.example") { nodes { id defaultAddress { address1 city } addresses { address1 city zip } } } }`,
      {},
    );
    const node = found.data.customers.nodes[0];
    // Core keeps no default; Shopify, whose customers with addresses always have one, shows the first.
    expect(node.defaultAddress).toEqual({ address1: "12 St James's Square", city: "London" });
    const set = await shopify(
      `mutation($id: ID!) { customerSet(identifier: { id: $id }, input: { addresses: [{ address1: "12 St James's Square", city: "London", countryCode: GB, zip: "SW1Y 4JH", phone: "+442079460001", firstName: "Ada", lastName: "King" }] }) { userErrors { message } } }`,
      { id: node.id },
    );
    expect(set.data.customerSet.userErrors).toEqual([]);
    const me = await magento(
      `{ customer { addresses { id middlename fax vat_id city default_shipping } } }`,
      token,
    );
    // The same address (Shopify re-sent it), its Magento-only members kept; Shopify's write said
    // nothing of defaults, so core's rule made it the default.
    expect(me.data.customer.addresses).toEqual([
      {
        id: made.data.createCustomerAddress.id,
        middlename: "A",
        fax: "+44 20 7946 0000",
        vat_id: "GB999999973",
        city: "London",
        default_shipping: true,
      },
    ]);
  });

  // biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary tRPC response JSON
  type Trpc = { result?: { data: any }; error?: { data: { code: string } } };
  const trpc = async (path: string, input: unknown): Promise<Trpc> => {
    const headers = {
      authorization: `Bearer ${secrets.internal}`,
      "content-type": "application/json",
    };
    const r = path.endsWith(".upsert")
      ? await app.request(`/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) })
      : await app.request(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers,
        });
    return (await r.json()) as Trpc;
  };
  const PLAIN_UPSERT = `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result customer { id fullName email { email } } error { message fields { field type } } } }`;
  const PLAIN_READ = `query($email: String!) { customerByEmail(email: $email) { fullName shortName email { email } } }`;
  const SHOPIFY_READ = `query($email: String!) { customerByIdentifier(identifier: { emailAddress: $email }) { displayName firstName lastName email phone defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } defaultAddress { address1 city zip } } }`;
  const lookup = async (value: string) =>
    (await trpc("customers.lookup", { kind: "EMAIL", value })).result?.data as Customer;

  it("one canonical view: Shopify's names, Plain's fullName \"Robert Smith Jr.\", read the same everywhere", async () => {
    const set = await shopify(
      `mutation($input: CustomerSetInput!) { customerSet(input: $input) { customer { id } userErrors { field message code } } }`,
      {
        input: {
          firstName: "Robert",
          lastName: "Smith",
          email: "Robert@Example.com",
          phone: "+1 415 555 0100",
          addresses: [{ address1: "1 Main St", city: "Springfield", zip: "12345" }],
        },
      },
    );
    expect(set.data.customerSet.userErrors).toEqual([]);
    const view = {
      displayName: "Robert Smith",
      firstName: "Robert",
      lastName: "Smith",
      email: "robert@example.com",
      phone: "+14155550100",
      defaultEmailAddress: { emailAddress: "robert@example.com" },
      defaultPhoneNumber: { phoneNumber: "+14155550100" },
      defaultAddress: { address1: "1 Main St", city: "Springfield", zip: "12345" },
    };
    const email = { email: "robert@example.com" };
    expect((await shopify(SHOPIFY_READ, email)).data.customerByIdentifier).toEqual(view);
    expect((await plain(PLAIN_READ, email)).data.customerByEmail).toEqual({
      fullName: "Robert Smith",
      shortName: "Robert",
      email: { email: "robert@example.com" },
    });
    const before = await lookup("robert@example.com");
    expect(customerNames(before)).toMatchObject({
      fullName: "Robert Smith",
      firstName: "Robert",
      lastName: "Smith",
    });
    expect(before.identifiers.map((i) => [i.kind, i.value])).toEqual([
      ["EMAIL", "robert@example.com"],
      ["PHONE", "+14155550100"],
    ]);
    expect(before.addresses).toMatchObject([
      { address1: "1 Main St", city: "Springfield", zip: "12345" },
    ]);

    // Plain renames the customer: every dialect reads the new name.
    const renamed = await plain(PLAIN_UPSERT, {
      input: {
        identifier: { emailAddress: "robert@example.com" },
        onCreate: { fullName: "unused", email: { email: "robert@example.com", isVerified: false } },
        onUpdate: { fullName: { value: "Robert Smith Jr." } },
      },
    });
    expect(renamed.data.upsertCustomer).toMatchObject({
      result: "UPDATED",
      customer: { fullName: "Robert Smith Jr." },
    });
    expect((await shopify(SHOPIFY_READ, email)).data.customerByIdentifier).toEqual({
      ...view,
      displayName: "Robert Smith Jr.",
      firstName: "Robert",
      lastName: "Smith Jr.",
    });
    expect((await plain(PLAIN_READ, email)).data.customerByEmail).toEqual({
      fullName: "Robert Smith Jr.",
      shortName: null,
      email: { email: "robert@example.com" },
    });
    const after = await lookup("robert@example.com");
    expect(after).toMatchObject({
      fullName: "Robert Smith Jr.",
      firstName: "Robert",
      lastName: "Smith Jr.",
    });
    expect(after.identifiers).toEqual(before.identifiers);
    expect(after.addresses).toEqual(before.addresses);

    // Shopify re-sending the names it reads changes nothing, nor does Plain re-sending its own.
    const resend = await shopify(
      `mutation($input: CustomerSetInput!) { customerSet(identifier: { email: "robert@example.com" }, input: $input) { userErrors { code } } }`,
      { input: { email: "robert@example.com", firstName: "Robert", lastName: "Smith Jr." } },
    );
    expect(resend.data.customerSet.userErrors).toEqual([]);
    const again = await plain(PLAIN_UPSERT, {
      input: {
        identifier: { emailAddress: "robert@example.com" },
        onCreate: { fullName: "unused", email: { email: "robert@example.com", isVerified: false } },
        onUpdate: { fullName: { value: "Robert Smith Jr." } },
      },
    });
    expect(again.data.upsertCustomer.result).toBe("NOOP");
    expect((await lookup("robert@example.com")).version).toBe(after.version);

    // Shopify renames the first name: the full name follows, the family name is kept.
    await shopify(
      `mutation($id: ID!) { customerSet(identifier: { id: $id }, input: { firstName: "Bob" }) { userErrors { code } } }`,
      { id: set.data.customerSet.customer.id },
    );
    expect((await plain(PLAIN_READ, email)).data.customerByEmail.fullName).toBe("Bob Smith Jr.");
    expect((await shopify(SHOPIFY_READ, email)).data.customerByIdentifier.displayName).toBe(
      "Bob Smith Jr.",
    );
  });

  it("a customer written through Plain reads the same through Shopify and tRPC", async () => {
    const created = await plain(PLAIN_UPSERT, {
      input: {
        identifier: { emailAddress: " Grace@Navy.mil " },
        onCreate: {
          fullName: "  Grace Brewster Hopper ",
          email: { email: "Grace@Navy.mil", isVerified: false },
        },
        onUpdate: {},
      },
    });
    expect(created.data.upsertCustomer).toMatchObject({
      result: "CREATED",
      customer: { fullName: "Grace Brewster Hopper", email: { email: "grace@navy.mil" } },
    });
    const email = { email: "grace@navy.mil" };
    expect((await shopify(SHOPIFY_READ, email)).data.customerByIdentifier).toEqual({
      displayName: "Grace Brewster Hopper",
      firstName: "Grace Brewster",
      lastName: "Hopper",
      email: "grace@navy.mil",
      phone: null,
      defaultEmailAddress: { emailAddress: "grace@navy.mil" },
      defaultPhoneNumber: null,
      defaultAddress: null,
    });
    const c = await lookup("grace@navy.mil");
    expect(c.fullName).toBe("Grace Brewster Hopper");
    expect(customerNames(c)).toEqual({
      fullName: "Grace Brewster Hopper",
      firstName: "Grace Brewster",
      lastName: "Hopper",
      shortName: null,
    });
  });

  it("a customer written through tRPC reads the same through Plain and Shopify", async () => {
    const r = await trpc("customers.upsert", {
      lookup: [{ kind: "EMAIL", value: "kj@nasa.gov" }],
      onCreate: {
        firstName: " Katherine ",
        lastName: "Johnson",
        identifiers: [{ kind: "PHONE", value: "+1 757 555 0101" }],
        addresses: [{ address1: "1 NASA Dr", city: "Hampton", zip: "23681" }],
      },
    });
    expect(r.result?.data).toMatchObject({
      result: "CREATED",
      customer: { firstName: "Katherine" },
    });
    const email = { email: "kj@nasa.gov" };
    expect((await plain(PLAIN_READ, email)).data.customerByEmail).toEqual({
      fullName: "Katherine Johnson",
      shortName: "Katherine",
      email: { email: "kj@nasa.gov" },
    });
    expect((await shopify(SHOPIFY_READ, email)).data.customerByIdentifier).toEqual({
      displayName: "Katherine Johnson",
      firstName: "Katherine",
      lastName: "Johnson",
      email: "kj@nasa.gov",
      phone: "+17575550101",
      defaultEmailAddress: { emailAddress: "kj@nasa.gov" },
      defaultPhoneNumber: { phoneNumber: "+17575550101" },
      defaultAddress: { address1: "1 NASA Dr", city: "Hampton", zip: "23681" },
    });
  });

  it("customers.upsert by a lookup alone: CREATED with the lookup's email, then NOOP; an empty lookup creates nobody", async () => {
    const input = { lookup: [{ kind: "EMAIL", value: "zz1@x.io" }] };
    const first = await trpc("customers.upsert", input);
    expect(first.result?.data).toMatchObject({
      result: "CREATED",
      customer: {
        identifiers: [expect.objectContaining({ kind: "EMAIL", value: "zz1@x.io", primary: true })],
      },
    });
    const second = await trpc("customers.upsert", input);
    expect(second.result?.data).toMatchObject({
      result: "NOOP",
      customer: { id: first.result?.data.customer.id },
    });
    const empty = await trpc("customers.upsert", { lookup: [] });
    expect(empty.error?.data.code).toBe("BAD_REQUEST");
    expect(
      (
        await trpc("customers.list", {
          where: { identifier: { kind: "EMAIL", match: { equals: "zz1@x.io" } } },
        })
      ).result?.data.items,
    ).toHaveLength(1);
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
