import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Env,
  gql,
  type JsonTree,
  setup,
  type TenantEnv,
  tenant,
  UPSERT,
  upsertInput,
} from "./helpers.ts";

/** How many customers and events a tenant has, read through core (the app never sees SQL). */
async function state(env: Env, tenantId: string) {
  const page = await env.core.list({ tenantId }, { first: 100 });
  if (!page.ok) throw new Error(page.error.message);
  const events = await Promise.all(
    page.value.items.map((i) => env.core.history({ tenantId }, i.customer.id)),
  );
  return { customers: page.value.totalCount, events: events.flat().length };
}

describe.each(testEngines())("upsertCustomer semantics on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup(engine);
    t = await tenant(env);
  });
  afterAll(async () => {
    await env.close();
  });

  const upsert = async (input: unknown, secret = t.secret) => {
    const r = await gql(env, secret, UPSERT, { input });
    expect(r.status).toBe(200);
    return r.json.data!.upsertCustomer as unknown as {
      result: string | null;
      customer: JsonTree | null;
      error: JsonTree | null;
    };
  };

  it("the seed example: CREATED with Plain's response shape, then onUpdate verifies the email", async () => {
    const seed = {
      identifier: { emailAddress: "donald@example.com" },
      onCreate: {
        fullName: "Donald Duck",
        shortName: "Donald",
        email: { email: "donald@example.com", isVerified: false },
      },
      onUpdate: {
        fullName: { value: "Donald Duck" },
        shortName: { value: "Donald" },
        email: { email: "donald@example.com", isVerified: true },
        externalId: { value: "c_123" },
      },
    };
    const a = await upsert(seed);
    expect(a.error).toBeNull();
    expect(a.result).toBe("CREATED");
    expect(a.customer).toMatchObject({
      __typename: "Customer",
      externalId: null,
      fullName: "Donald Duck",
      shortName: "Donald",
      email: { email: "donald@example.com", isVerified: false, verifiedAt: null },
      status: "IDLE",
      isAnonymous: false,
      avatarUrl: null,
      company: null,
      assignedToUser: null,
      markedAsSpamAt: null,
      identities: [{ __typename: "EmailCustomerIdentity", email: "donald@example.com" }],
      customerGroupMemberships: { edges: [] },
      tenantMemberships: { edges: [], pageInfo: { hasNextPage: false } },
    });
    const b = await upsert(seed);
    expect(b.result).toBe("UPDATED");
    expect(b.customer).toMatchObject({
      id: a.customer!.id,
      externalId: "c_123",
      email: { isVerified: true, verifiedAt: { iso8601: expect.any(String) } },
    });
    const c = await upsert(seed);
    expect(c.result).toBe("NOOP");
    expect(c.customer!.updatedAt).toEqual(b.customer!.updatedAt);
  });

  it("onCreate is used only when creating, onUpdate only when updating", async () => {
    const a = await upsert({
      ...upsertInput("only@x.io", { fullName: "Created Name", shortName: "C" }),
      onUpdate: { fullName: { value: "Updated Name" } },
    });
    expect(a).toMatchObject({
      result: "CREATED",
      customer: { fullName: "Created Name", shortName: "C" },
    });
    const b = await upsert({
      ...upsertInput("only@x.io", { fullName: "Ignored on update", shortName: "Ignored" }),
      onUpdate: { fullName: { value: "Updated Name" } },
    });
    expect(b).toMatchObject({
      result: "UPDATED",
      customer: { fullName: "Updated Name", shortName: "C" },
    });
  });

  it("absent wrappers leave fields alone; { value: null } clears optional ones", async () => {
    await upsert(
      upsertInput("wrap@x.io", { fullName: "Wrap Per", shortName: "Wrap", externalId: "ext-wrap" }),
    );
    const untouched = await upsert(upsertInput("wrap@x.io", { onUpdate: {} }));
    expect(untouched).toMatchObject({
      result: "NOOP",
      customer: { fullName: "Wrap Per", shortName: "Wrap", externalId: "ext-wrap" },
    });
    const cleared = await upsert(
      upsertInput("wrap@x.io", {
        onUpdate: { shortName: { value: null }, externalId: { value: null } },
      }),
    );
    expect(cleared).toMatchObject({
      result: "UPDATED",
      customer: { fullName: "Wrap Per", shortName: null, externalId: null },
    });
    const again = await upsert(
      upsertInput("wrap@x.io", {
        onUpdate: { shortName: { value: null }, externalId: { value: null } },
      }),
    );
    expect(again.result).toBe("NOOP");
    // The external id is free again for someone else.
    const other = await upsert(upsertInput("wrap2@x.io", { externalId: "ext-wrap" }));
    expect(other).toMatchObject({ result: "CREATED", customer: { externalId: "ext-wrap" } });
  });

  it("identifies by customerId (c_<ULID>) and by externalId", async () => {
    const a = await upsert(upsertInput("ids@x.io", { externalId: "ext-ids" }));
    const id = a.customer?.id as unknown as string;
    expect(id).toMatch(/^c_[0-9A-HJKMNP-TV-Z]{26}$/);
    const byId = await upsert(
      upsertInput("ignored@x.io", {
        identifier: { customerId: id },
        onUpdate: { fullName: { value: "By Id" } },
      }),
    );
    expect(byId).toMatchObject({
      result: "UPDATED",
      customer: { id, fullName: "By Id", email: { email: "ids@x.io" } },
    });
    const byExt = await upsert(
      upsertInput("ignored@x.io", {
        identifier: { externalId: "ext-ids" },
        onUpdate: { fullName: { value: "By Ext" } },
      }),
    );
    expect(byExt).toMatchObject({ result: "UPDATED", customer: { id, fullName: "By Ext" } });
    // A core id without Plain's prefix does not name anyone.
    const bare = await upsert(
      upsertInput("ignored@x.io", { identifier: { customerId: id.slice(2) } }),
    );
    expect(bare).toMatchObject({
      result: null,
      customer: null,
      error: { __typename: "MutationError", code: "not_found", type: "VALIDATION" },
    });
  });

  it("a failed upsert writes nothing", async () => {
    const own = await tenant(env);
    await upsert(upsertInput("keep@x.io", { externalId: "ext-keep" }), own.secret);
    const before = await state(env, own.tenantId);
    const failures = [
      upsertInput("new@x.io", { externalId: "ext-keep" }), // external id taken on create
      {
        ...upsertInput("keep@x.io"),
        onUpdate: { fullName: { value: "New" }, email: { email: "bad", isVerified: false } },
      },
      upsertInput("new2@x.io", { groups: [{ customerGroupKey: "missing" }] }),
      upsertInput("new3@x.io", { fullName: "" }),
    ];
    for (const f of failures) expect((await upsert(f, own.secret)).error?.type).toBe("VALIDATION");
    expect(await state(env, own.tenantId)).toEqual(before);
  });

  it("customers written by another dialect read well (fullName from first + last, system actor)", async () => {
    const own = await tenant(env);
    const r = await env.core.upsert(
      { tenantId: own.tenantId, actor: { dialect: "shopify", credentialId: null } },
      {
        lookup: [{ kind: "EMAIL", value: "shop@x.io" }],
        onCreate: {
          firstName: "Shop",
          lastName: "Ify",
          identifiers: [{ kind: "EMAIL", value: "shop@x.io" }],
        },
      },
    );
    if (!r.ok) throw new Error(r.error.message);
    const q = await gql(
      env,
      own.secret,
      `{ customerByEmail(email: "shop@x.io") { id fullName shortName createdBy { __typename ... on SystemActor { systemId } } } }`,
    );
    expect(q.json.data?.customerByEmail).toEqual({
      id: `c_${r.value.customer.id}`,
      fullName: "Shop Ify",
      shortName: "Shop",
      createdBy: { __typename: "SystemActor", systemId: "shopify" },
    });
  });

  it("64 concurrent upsertCustomer calls for one new email → one customer, one CREATED", async () => {
    const own = await tenant(env);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        upsert(
          upsertInput("race@x.io", {
            fullName: "Race Condition",
            onUpdate: { shortName: { value: i % 2 ? "Odd" : "Even" } },
          }),
          own.secret,
        ),
      ),
    );
    expect(results.filter((r) => r.error !== null)).toEqual([]);
    expect(results.filter((r) => r.result === "CREATED")).toHaveLength(1);
    expect(new Set(results.map((r) => r.customer!.id)).size).toBe(1);
    const s = await state(env, own.tenantId);
    expect(s.customers).toBe(1);
    // One CREATED event plus one per effective change (NOOPs write none).
    expect(s.events).toBe(results.filter((r) => r.result !== "NOOP").length);
  });

  it("tenants never see each other's customers", async () => {
    const a = await tenant(env);
    const b = await tenant(env);
    const created = await upsert(upsertInput("mine@x.io", { externalId: "ext-mine" }), a.secret);
    const q = `query($id: ID!) { customer(customerId: $id) { id } customerByEmail(email: "mine@x.io") { id } customerByExternalId(externalId: "ext-mine") { id } customers { totalCount } }`;
    const other = await gql(env, b.secret, q, { id: created.customer!.id });
    expect(other.json.data).toEqual({
      customer: null,
      customerByEmail: null,
      customerByExternalId: null,
      customers: { totalCount: 0 },
    });
    const same = await upsert(upsertInput("mine@x.io", { externalId: "ext-mine" }), b.secret);
    expect(same.result).toBe("CREATED");
  });

  it("customers filters: updatedAt window (after inclusive), and filters we have no data for match nobody", async () => {
    const own = await tenant(env);
    const a = await upsert(upsertInput("w1@x.io"), own.secret);
    const at = a.customer?.updatedAt?.iso8601 as unknown as string;
    const q = `query($f: CustomersFilter) { customers(filters: $f) { totalCount edges { node { id } } } }`;
    const count = async (f: unknown) =>
      (await gql(env, own.secret, q, { f })).json.data?.customers?.totalCount;
    expect(await count({ updatedAt: { after: at } })).toBe(1);
    expect(await count({ updatedAt: { before: at } })).toBe(0);
    expect(await count({ isMarkedAsSpam: false })).toBe(1);
    expect(await count({ isMarkedAsSpam: true })).toBe(0);
    expect(await count({ companyIdentifiers: [{ companyDomainName: "plain.com" }] })).toBe(0);
    const bad = await gql(env, own.secret, q, { f: { updatedAt: { after: "yesterday" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
