import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_SET, type Env, type SetPayload, type Shop, setup } from "./helpers.ts";

describe.each(testEngines())("customerSet through @shopify/admin-api-client on %s", (engine) => {
  let env: Env;
  let shop: Shop;
  const set = async (variables: Record<string, unknown>) => {
    const r = await env.client(shop).request<SetPayload>(CUSTOMER_SET, { variables });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.customerSet;
  };
  const ok = async (variables: Record<string, unknown>) => {
    const r = await set(variables);
    expect(r.userErrors).toEqual([]);
    return r.customer!;
  };
  const codes = async (variables: Record<string, unknown>) => {
    const r = await set(variables);
    expect(r.customer).toBeNull();
    return r.userErrors.map((e) => ({ field: e.field, code: e.code }));
  };

  beforeAll(async () => {
    env = await setup(engine);
    shop = await env.shop();
  });
  afterAll(async () => {
    await env.dispose();
  });

  it("creates without identifier: gid ids, Shopify's empty values for data we do not hold", async () => {
    const c = await ok({
      input: {
        email: "Create@Example.com",
        firstName: "Cara",
        lastName: "Reed",
        phone: "+1 415 555 0101",
        tags: ["vip"],
        locale: "fr",
      },
    });
    expect(c.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    expect(c.legacyResourceId).toBe(c.id.split("/").pop());
    expect(c).toMatchObject({
      email: "create@example.com",
      phone: "+14155550101",
      firstName: "Cara",
      lastName: "Reed",
      displayName: "Cara Reed",
      tags: ["vip"],
      locale: "fr",
      state: "DISABLED",
      numberOfOrders: "0",
      amountSpent: { amount: "0.0", currencyCode: "USD" },
      defaultEmailAddress: { emailAddress: "create@example.com", marketingState: "NOT_SUBSCRIBED" },
      defaultPhoneNumber: { phoneNumber: "+14155550101" },
    });
    // A second create with the same email is TAKEN: email is unique per shop.
    expect(await codes({ input: { email: "create@example.com" } })).toEqual([
      { field: ["input", "email"], code: "TAKEN" },
    ]);
  });

  it("upserts by email: creates once, then updates the same customer; omitted fields untouched", async () => {
    const a = await ok({
      identifier: { email: "up@x.io" },
      input: { email: "up@x.io", firstName: "Una", note: "first" },
    });
    const b = await ok({
      identifier: { email: "UP@x.io" },
      input: { email: "up@x.io", lastName: "Park" },
    });
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ firstName: "Una", lastName: "Park", note: "first" });
  });

  it("upserts by phone (E.164 comparison) and rejects a phone that is not valid", async () => {
    const a = await ok({
      identifier: { phone: "+44 20 7946 0958" },
      input: { phone: "+442079460958", firstName: "Pia" },
    });
    expect(a.phone).toBe("+442079460958");
    const b = await ok({
      identifier: { phone: "+442079460958" },
      input: { phone: "+44 20 7946 0958", note: "by phone" },
    });
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ firstName: "Pia", note: "by phone" });
    expect(await codes({ input: { phone: "12345", firstName: "X" } })).toEqual([
      { field: ["input", "phone"], code: "INVALID" },
    ]);
  });

  it("upserts by customId (namespace defaults to custom) and exposes it as a metafield", async () => {
    const id = { customId: { key: "erp_id", value: "ERP-1" } };
    const a = await ok({ identifier: id, input: { firstName: "Cid" } });
    const b = await ok({
      identifier: { customId: { namespace: "custom", key: "erp_id", value: "ERP-1" } },
      input: { lastName: "Two" },
    });
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ firstName: "Cid", lastName: "Two" });
    const other = await ok({
      identifier: { customId: { namespace: "other", key: "erp_id", value: "ERP-1" } },
      input: { firstName: "Else" },
    });
    expect(other.id).not.toBe(a.id);
    const r = await env
      .client(shop)
      .request(
        `query($id: ID!) { customer(id: $id) { metafield(namespace: "custom", key: "erp_id") { value } } }`,
        { variables: { id: a.id } },
      );
    expect(r.data).toEqual({ customer: { metafield: { value: "ERP-1" } } });
  });

  it("updates by id; NOT_FOUND for an unknown id; the deprecated input.id also updates", async () => {
    const a = await ok({ input: { email: "byid@x.io", firstName: "Ida" } });
    const b = await ok({
      identifier: { id: a.id },
      input: { firstName: "Idris", email: "byid2@x.io" },
    });
    expect(b).toMatchObject({ id: a.id, firstName: "Idris", email: "byid2@x.io" });
    const c = await ok({ input: { id: a.id, note: "legacy" } });
    expect(c).toMatchObject({ id: a.id, note: "legacy", firstName: "Idris" });
    expect(
      await codes({
        identifier: { id: "gid://shopify/Customer/999999999" },
        input: { firstName: "Nobody" },
      }),
    ).toEqual([{ field: ["identifier", "id"], code: "NOT_FOUND" }]);
  });

  it("replaces addresses wholesale, keeping an unchanged address (same id)", async () => {
    const home = {
      address1: "1 Main St",
      city: "Ottawa",
      countryCode: "CA",
      provinceCode: "ON",
      zip: "K1A 0B1",
      firstName: "Al",
    };
    const work = {
      address1: "2 Side Rd",
      city: "Toronto",
      countryCode: "CA",
      provinceCode: "ON",
      zip: "M5V 2T6",
    };
    const a = await ok({
      identifier: { email: "addr@x.io" },
      input: { email: "addr@x.io", addresses: [home, work] },
    });
    expect(a.addresses.map((x) => x.address1)).toEqual(["1 Main St", "2 Side Rd"]);
    expect(a.addresses[0]).toMatchObject({
      country: "Canada",
      countryCodeV2: "CA",
      provinceCode: "ON",
    });
    expect(a.addresses[0]!.id).toMatch(/^gid:\/\/shopify\/MailingAddress\/\d+$/);
    expect(a.defaultAddress?.id).toBe(a.addresses[0]!.id);
    const third = { address1: "3 New Ave", city: "Halifax", countryCode: "CA", zip: "B3H 1A1" };
    const b = await ok({
      identifier: { email: "addr@x.io" },
      input: { email: "addr@x.io", addresses: [home, third] },
    });
    expect(b.addresses.map((x) => x.address1)).toEqual(["1 Main St", "3 New Ave"]);
    expect(b.addresses[0]!.id).toBe(a.addresses[0]!.id);
    expect(b.addresses[1]!.id).not.toBe(a.addresses[1]!.id);
    const c = await ok({
      identifier: { email: "addr@x.io" },
      input: { email: "addr@x.io", addresses: [] },
    });
    expect(c.addresses).toEqual([]);
    expect(c.defaultAddress).toBeNull();
  });

  it("resolves the deprecated country / province names (or codes) to countryCode / provinceCode", async () => {
    const c = await ok({
      identifier: { email: "names@x.io" },
      input: {
        email: "names@x.io",
        addresses: [
          { address1: "1 Rideau St", city: "Ottawa", country: "Canada", province: "Ontario" },
          {
            address1: "2 Market St",
            city: "San Francisco",
            country: "united states",
            province: "CA",
          },
          { address1: "3 Rue Saint-Denis", city: "Montréal", country: "CAN", province: "Québec" },
          { address1: "4 Hauptstraße", city: "Berlin", country: "DE" },
        ],
      },
    });
    expect(
      c.addresses.map((a) => [a.country, a.countryCodeV2, a.province, a.provinceCode]),
    ).toEqual([
      ["Canada", "CA", "Ontario", "ON"],
      ["United States", "US", "California", "CA"],
      ["Canada", "CA", "Quebec", "QC"],
      ["Germany", "DE", null, null],
    ]);
    // The current members win over the deprecated ones when both are given and disagree.
    const d = await ok({
      identifier: { email: "names@x.io" },
      input: {
        email: "names@x.io",
        addresses: [
          { country: "Canada", countryCode: "US", province: "Ontario", provinceCode: "NY" },
        ],
      },
    });
    expect(d.addresses[0]).toMatchObject({
      country: "United States",
      countryCodeV2: "US",
      province: "New York",
      provinceCode: "NY",
    });
    // A search by country name finds the address stored by code.
    const found = await env
      .client(shop)
      .request<{ customers: { nodes: { email: string }[] } }>(
        `query { customers(first: 5, query: "country:'United States'") { nodes { email } } }`,
      );
    expect(found.data?.customers.nodes.map((n) => n.email)).toEqual(["names@x.io"]);
  });

  it("an unknown country, or a province not of the country, is an INVALID userError and nothing is written", async () => {
    const addr = (a: Record<string, unknown>) => ({
      identifier: { email: "nowhere@x.io" },
      input: { email: "nowhere@x.io", addresses: [{ address1: "1 Nowhere Rd", ...a }] },
    });
    expect(await codes(addr({ country: "Narnia" }))).toEqual([
      { field: ["input", "addresses", "0", "country"], code: "INVALID" },
    ]);
    expect(await codes(addr({ country: "Canada", province: "Bavaria" }))).toEqual([
      { field: ["input", "addresses", "0", "province"], code: "INVALID" },
    ]);
    expect(await codes(addr({ countryCode: "CA", provinceCode: "NY" }))).toEqual([
      { field: ["input", "addresses", "0", "provinceCode"], code: "INVALID" },
    ]);
    const none = await env
      .client(shop)
      .request<{ customerByIdentifier: unknown }>(
        `query { customerByIdentifier(identifier: { emailAddress: "nowhere@x.io" }) { id } }`,
      );
    expect(none.errors).toBeUndefined();
    expect(none.data?.customerByIdentifier).toBeNull();
  });

  it("updates an address named by its id in place (same gid), as Shopify does", async () => {
    const home = { address1: "1 Main St", city: "Ottawa", countryCode: "CA", zip: "K1A 0B1" };
    const a = await ok({
      identifier: { email: "inplace@x.io" },
      input: { email: "inplace@x.io", addresses: [home] },
    });
    const id = a.addresses[0]!.id;
    const b = await ok({
      identifier: { email: "inplace@x.io" },
      input: { email: "inplace@x.io", addresses: [{ ...home, id, city: "Kanata" }] },
    });
    expect(b.addresses).toHaveLength(1);
    expect(b.addresses[0]).toMatchObject({ id, city: "Kanata", address1: "1 Main St" });
  });

  it("overwrites tags and tax exemptions wholesale; other fields stay", async () => {
    await ok({
      identifier: { email: "tags@x.io" },
      input: {
        email: "tags@x.io",
        firstName: "Tia",
        tags: ["a", "b"],
        taxExempt: true,
        taxExemptions: ["CA_STATUS_CARD_EXEMPTION"],
      },
    });
    const b = await ok({
      identifier: { email: "tags@x.io" },
      input: { email: "tags@x.io", tags: ["c"] },
    });
    expect(b).toMatchObject({
      tags: ["c"],
      firstName: "Tia",
      taxExempt: true,
      taxExemptions: ["CA_STATUS_CARD_EXEMPTION"],
    });
    const c = await ok({
      identifier: { email: "tags@x.io" },
      input: { email: "tags@x.io", tags: [], taxExemptions: [] },
    });
    expect(c).toMatchObject({ tags: [], taxExemptions: [], taxExempt: true });
  });

  it("a customer may have only a name (core's allowNoIdentifier); a blank name is no name", async () => {
    const c = await ok({ input: { firstName: "  Nameonly ", lastName: "Person" } });
    expect(c).toMatchObject({
      firstName: "Nameonly",
      lastName: "Person",
      displayName: "Nameonly Person",
      email: null,
      phone: null,
    });
    expect(await codes({ input: { firstName: "   " } })).toEqual([{ field: null, code: "BLANK" }]);
    const r = await set({ input: { lastName: "" } });
    expect(r.userErrors).toEqual([
      {
        field: null,
        message: "A name, phone number, or email address must be present",
        code: "BLANK",
      },
    ]);
  });

  it("reports every userError code the modes imply", async () => {
    await ok({ input: { email: "taken@x.io", phone: "+16135550111" } });
    const cases: [Record<string, unknown>, { field: string[] | null; code: string }[]][] = [
      [
        {
          identifier: { email: "a@x.io" },
          input: { id: "gid://shopify/Customer/1", email: "a@x.io" },
        },
        [{ field: ["input", "id"], code: "ID_NOT_ALLOWED" }],
      ],
      [
        { identifier: { email: "a@x.io" }, input: { email: "b@x.io" } },
        [{ field: ["input", "email"], code: "INPUT_MISMATCH" }],
      ],
      [
        { identifier: { phone: "+16135550100" }, input: { phone: "+16135550199" } },
        [{ field: ["input", "phone"], code: "INPUT_MISMATCH" }],
      ],
      [
        { identifier: { email: "a@x.io" }, input: { firstName: "A" } },
        [{ field: ["input", "email"], code: "MISSING_FIELD_REQUIRED" }],
      ],
      [
        { identifier: { phone: "+16135550100" }, input: { firstName: "A" } },
        [{ field: ["input", "phone"], code: "MISSING_FIELD_REQUIRED" }],
      ],
      [
        { identifier: { email: "new@x.io" }, input: { email: "new@x.io", phone: "+16135550111" } },
        [{ field: ["input", "phone"], code: "TAKEN" }],
      ],
      [{ input: { email: "not-an-email" } }, [{ field: ["input", "email"], code: "INVALID" }]],
      [
        { identifier: { email: "nope" }, input: { email: "nope" } },
        [
          { field: ["identifier", "email"], code: "INVALID" },
          { field: ["input", "email"], code: "INVALID" },
        ],
      ],
      [{ input: { email: "   " } }, [{ field: ["input", "email"], code: "BLANK" }]],
      [{ input: {} }, [{ field: null, code: "BLANK" }]],
      [
        { input: { firstName: "x".repeat(256) } },
        [{ field: ["input", "firstName"], code: "TOO_LONG" }],
      ],
      [
        { input: { firstName: "A", addresses: [{ address1: "y".repeat(256) }] } },
        [{ field: ["input", "addresses", "0", "address1"], code: "TOO_LONG" }],
      ],
      [
        { identifier: { id: "not-a-gid" }, input: { firstName: "A" } },
        [{ field: ["identifier", "id"], code: "INVALID" }],
      ],
      [
        { identifier: { id: "gid://shopify/Customer/888888888" }, input: { firstName: "A" } },
        [{ field: ["identifier", "id"], code: "NOT_FOUND" }],
      ],
    ];
    for (const [variables, expected] of cases)
      expect({ variables, errors: await codes(variables) }).toEqual({
        variables,
        errors: expected,
      });
    const tooLong = await set({ input: { lastName: "z".repeat(300) } });
    expect(tooLong.userErrors[0]!.message).toBe(
      "Last name is too long (maximum is 255 characters)",
    );
    const taken = await set({ input: { email: "TAKEN@x.io" } });
    expect(taken.userErrors).toEqual([
      { field: ["input", "email"], message: "Email has already been taken", code: "TAKEN" },
    ]);
  });

  it("identifier is @oneOf: two keys at once is a GraphQL error", async () => {
    const r = await env.client(shop).request(CUSTOMER_SET, {
      variables: {
        identifier: { email: "a@x.io", phone: "+16135550100" },
        input: { email: "a@x.io" },
      },
    });
    expect(r.data).toBeUndefined();
    expect(r.errors?.networkStatusCode).toBe(200);
    expect(r.errors?.graphQLErrors?.[0]?.message).toMatch(/Exactly one key must be specified/);
  });

  it("an explicit null clears email and phone; reads derive first/last names from fullName written elsewhere", async () => {
    const a = await ok({
      input: { email: "clear@x.io", phone: "+16135550177", firstName: "Cleo" },
    });
    const b = await ok({ identifier: { id: a.id }, input: { email: null, phone: null } });
    expect(b).toMatchObject({
      email: null,
      phone: null,
      defaultEmailAddress: null,
      firstName: "Cleo",
    });
    // Another dialect (e.g. Plain) writes only fullName.
    const ctx = { tenantId: shop.tenantId, actor: { dialect: "plain", credentialId: null } };
    const w = await env.core.upsert(ctx, {
      lookup: [{ kind: "EMAIL", value: "plain@x.io" }],
      onCreate: { fullName: "Mary Ann Lee", identifiers: [{ kind: "EMAIL", value: "plain@x.io" }] },
    });
    expect(w.ok).toBe(true);
    const r = await env
      .client(shop)
      .request(
        `query { customerByIdentifier(identifier: { emailAddress: "plain@x.io" }) { firstName lastName displayName } }`,
      );
    expect(r.data).toEqual({
      customerByIdentifier: { firstName: "Mary Ann", lastName: "Lee", displayName: "Mary Ann Lee" },
    });
  });

  it("shops are separate tenants: the same email is free in another shop, and ids do not cross", async () => {
    const other = await env.shop();
    const mine = await ok({ input: { email: "both@x.io", firstName: "Mine" } });
    const r = await env.client(other).request<SetPayload>(CUSTOMER_SET, {
      variables: { input: { email: "both@x.io", firstName: "Theirs" } },
    });
    expect(r.data?.customerSet.userErrors).toEqual([]);
    expect(r.data?.customerSet.customer?.id).not.toBe(mine.id);
    const cross = await env
      .client(other)
      .request(`query($id: ID!) { customer(id: $id) { id } }`, { variables: { id: mine.id } });
    expect(cross.data).toEqual({ customer: null });
    const update = await env.client(other).request<SetPayload>(CUSTOMER_SET, {
      variables: { identifier: { id: mine.id }, input: { firstName: "Hijack" } },
    });
    expect(update.data?.customerSet.userErrors.map((e) => e.code)).toEqual(["NOT_FOUND"]);
  });

  it("a re-sent identical upsert changes nothing (updatedAt kept)", async () => {
    const v = {
      identifier: { email: "same@x.io" },
      input: { email: "same@x.io", firstName: "S", tags: ["t"] },
    };
    const a = await ok(v);
    const b = await ok(v);
    expect(b.updatedAt).toBe(a.updatedAt);
  });
});
