import { testEngines } from "@cg/db/testing";
import { classifyError } from "@fluentcommerce/fc-connect-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, gql, setup, type TenantEnv, tenant } from "./helpers.ts";

const CUSTOMER_FIELDS = `id ref username title firstName lastName primaryEmail primaryPhone country
  department timezone promotionOptIn status createdOn updatedOn retailer { id } attributes { name type value }`;

const CREATE = `mutation createCustomer($input: CreateCustomerInput) {
  createCustomer(input: $input) { ${CUSTOMER_FIELDS} }
}`;
const UPDATE = `mutation updateCustomer($input: UpdateCustomerInput) {
  updateCustomer(input: $input) { ${CUSTOMER_FIELDS} }
}`;
const GET = `query getCustomer($customerRef: String!) { customer(ref: $customerRef) { ${CUSTOMER_FIELDS} } }`;

// fc-connect-sdk's FluentClient (npm, by Fluent), configured as its docs say, against the dialect
// mounted as the gateway mounts it (/fluent) on a loopback socket.
describe.each(testEngines())("fc-connect-sdk against the Fluent dialect on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup(engine);
    t = await tenant(env);
  });
  afterAll(() => env.close());

  const seedInput = (username: string, extra: Record<string, unknown> = {}) => ({
    username,
    title: "Ms",
    firstName: "Marietta",
    lastName: "Will",
    primaryEmail: username.replace(/^\d+_/, ""),
    primaryPhone: "+1234567890",
    promotionOptIn: false,
    timezone: "GMT+10",
    retailer: { id: t.login.retailerId },
    ...extra,
  });

  it("the login has what the SDK is configured with, and the SDK accepts it", () => {
    expect(t.login.clientId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(t.login.clientSecret.length).toBeGreaterThanOrEqual(8);
    expect(t.login.retailerId).toBe("1");
    expect(() => t.client()).not.toThrow();
  });

  it("logs in by the password grant and answers the client's connection check (me)", async () => {
    const r = await t.client().graphql({ query: "query { me { ref } }" });
    expect(r.data).toEqual({ me: { ref: t.login.username } });
  });

  it("logs in by the client credentials grant", async () => {
    const c = t.client({ username: undefined, password: undefined });
    const r = await c.graphql({ query: "query { me { ref primaryRetailer { id } } }" });
    expect(r.data).toEqual({ me: { ref: t.login.username, primaryRetailer: { id: "1" } } });
  });

  it("creates with the seed's fields and reads it back by customer(ref)", async () => {
    const client = t.client();
    const created = await client.graphql({
      query: CREATE,
      variables: {
        input: seedInput("1_Marietta_Will5@gmail.com", {
          department: "Sales",
          country: "AU",
          attributes: [{ name: "loyalty", type: "STRING", value: "GOLD" }],
        }),
      },
    });
    const c = (created.data as { createCustomer: Record<string, unknown> }).createCustomer;
    expect(c).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      ref: "1_Marietta_Will5@gmail.com",
      username: "1_Marietta_Will5@gmail.com",
      title: "Ms",
      firstName: "Marietta",
      lastName: "Will",
      primaryEmail: "Marietta_Will5@gmail.com".toLowerCase(),
      // Not a valid number: kept as Fluent text, as given.
      primaryPhone: "+1234567890",
      country: "AU",
      department: "Sales",
      timezone: "GMT+10",
      promotionOptIn: false,
      status: null,
      retailer: { id: "1" },
      attributes: [{ name: "loyalty", type: "STRING", value: "GOLD" }],
    });
    expect(Date.parse(c.createdOn as string)).toBeGreaterThan(0);
    const read = await client.graphql({
      query: GET,
      variables: { customerRef: "1_Marietta_Will5@gmail.com" },
    });
    expect((read.data as { customer: unknown }).customer).toEqual(c);
  });

  it("updates by username (updatedOn moves); an identical update is a NOOP (updatedOn and events unchanged)", async () => {
    const client = t.client();
    const ref = "1_update_me@example.com";
    await client.graphql({ query: CREATE, variables: { input: seedInput(ref) } });
    const input = {
      username: ref,
      firstName: "Clarissa",
      country: "Australia",
      attributes: [{ name: "tier", type: "STRING", value: "A" }],
    };
    const u1 = (await client.graphql({ query: UPDATE, variables: { input } })).data as {
      updateCustomer: Record<string, unknown>;
    };
    expect(u1.updateCustomer).toMatchObject({ firstName: "Clarissa", country: "Australia" });
    const customer = await env.core.lookup(env.ctx(t), { kind: "USERNAME", value: ref });
    const id = customer.ok ? customer.value!.id : "";
    const events = (await env.core.history(env.ctx(t), id)).length;
    const u2 = (await client.graphql({ query: UPDATE, variables: { input } })).data as {
      updateCustomer: Record<string, unknown>;
    };
    expect(u2.updateCustomer.updatedOn).toBe(u1.updateCustomer.updatedOn);
    expect(await env.core.history(env.ctx(t), id)).toHaveLength(events);
    // Attributes merge by name: a new one is added, the old one kept.
    const u3 = (
      await client.graphql({
        query: UPDATE,
        variables: {
          input: { username: ref, attributes: [{ name: "vip", type: "BOOLEAN", value: true }] },
        },
      })
    ).data as { updateCustomer: Record<string, unknown> };
    expect(u3.updateCustomer.attributes).toEqual([
      { name: "tier", type: "STRING", value: "A" },
      { name: "vip", type: "BOOLEAN", value: true },
    ]);
    expect(Date.parse(u3.updateCustomer.updatedOn as string)).toBeGreaterThanOrEqual(
      Date.parse(u1.updateCustomer.updatedOn as string),
    );
    expect(await env.core.history(env.ctx(t), id)).toHaveLength(events + 1);
  });

  it("searches with case-insensitive % patterns and pages across pages by edge cursors", async () => {
    const client = t.client();
    for (let i = 0; i < 23; i++)
      await client.graphql({
        query: CREATE,
        variables: { input: seedInput(`1_Page${String(i).padStart(2, "0")}@paging.example`) },
      });
    // No paging arguments: ten results, newest first.
    const ten = await client.graphql({
      query: `{ customers(username: ["1_page%"]) { edges { node { ref } cursor } pageInfo { hasNextPage } } }`,
    });
    const conn = (
      ten.data as {
        customers: {
          edges: { node: { ref: string }; cursor: string }[];
          pageInfo: { hasNextPage: boolean };
        };
      }
    ).customers;
    expect(conn.edges).toHaveLength(10);
    expect(conn.edges[0]!.node.ref).toBe("1_Page22@paging.example");
    expect(conn.edges.every((e) => typeof e.cursor === "string")).toBe(true);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    // The SDK's auto-pagination follows the last edge's cursor while hasNextPage is true.
    const all = await client.graphql({
      query: `query page($first: Int, $after: String) {
        customers(username: ["%@PAGING.example"], first: $first, after: $after) {
          edges { node { id ref } cursor } pageInfo { hasNextPage }
        }
      }`,
      variables: { first: 10 },
    });
    const refs = (
      all.data as { customers: { edges: { node: { ref: string } }[] } }
    ).customers.edges.map((e) => e.node.ref);
    expect(refs).toHaveLength(23);
    expect(new Set(refs).size).toBe(23);
    expect(all.extensions?.autoPagination).toMatchObject({ totalPages: 3, totalRecords: 23 });
    // Lists are alternatives; arguments all apply.
    const two = await client.graphql({
      query: `{ customers(ref: ["1_page01%", "1_PAGE02%"], firstName: "marietta") { edges { node { ref } } } }`,
    });
    expect((two.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(2);
  });

  it("a duplicate username is Fluent's unique-violation error, and no second customer", async () => {
    const client = t.client();
    await client.graphql({ query: CREATE, variables: { input: seedInput("1_dup@example.com") } });
    const err = await client
      .graphql({
        query: CREATE,
        variables: { input: seedInput("1_dup@example.com", { firstName: "Other" }) },
      })
      .catch((e: unknown) => e);
    const errors = (err as { graphqlErrors: { message: string; extensions?: { code?: string } }[] })
      .graphqlErrors;
    expect(errors[0]!.extensions?.code).toBe("C0123E");
    expect(classifyError(errors[0]! as never)).toMatchObject({
      category: "CLIENT_ERROR",
      errorCode: "C0123E",
      retryable: false,
    });
    const found = await client.graphql({
      query: `{ customers(username: "1_dup@example.com") { edges { node { firstName } } } }`,
    });
    expect((found.data as { customers: { edges: unknown[] } }).customers.edges).toEqual([
      { node: { firstName: "Marietta" } },
    ]);
  });

  it("update of an unknown username, and a retailer not the tenant's: C0120E; unknown ref → null", async () => {
    const client = t.client();
    const unknown = await client
      .graphql({ query: UPDATE, variables: { input: { username: "nobody", firstName: "X" } } })
      .catch(
        (e: { graphqlErrors: { extensions: { code: string } }[] }) =>
          e.graphqlErrors[0]!.extensions.code,
      );
    expect(unknown).toBe("C0120E");
    const retailer = await client
      .graphql({
        query: CREATE,
        variables: { input: seedInput("1_r@example.com", { retailer: { id: "2" } }) },
      })
      .catch(
        (e: { graphqlErrors: { extensions: { code: string } }[] }) =>
          e.graphqlErrors[0]!.extensions.code,
      );
    expect(retailer).toBe("C0120E");
    const r = await client.graphql({
      query: GET,
      variables: { customerRef: "1_nobody@example.com" },
    });
    expect(r).toEqual({ data: { customer: null } });
  });

  it("a bad client secret fails the login (401 from the token endpoint)", async () => {
    const err = await t
      .client({ clientSecret: "wrong-secret" })
      .graphql({ query: "query { me { ref } }" })
      .catch((e: unknown) => e);
    // FluentAPIError (not exported by the SDK): the token endpoint's status, kept.
    expect(err).toMatchObject({ name: "FluentAPIError", statusCode: 401 });
  });

  it("a garbage token is a 401: the SDK logs in again and the call succeeds", async () => {
    expect((await gql(env, "garbage", "{ me { ref } }")).status).toBe(401);
    const client = t.client();
    Object.assign(client, {
      accessToken: "garbage",
      tokenExpiry: new Date(Date.now() + 3_600_000),
    });
    const r = await client.graphql({ query: "query { me { ref } }" });
    expect(r.data).toEqual({ me: { ref: t.login.username } });
  });

  it("an expired token is a 401: the SDK refreshes (single-use refresh token) and goes on", async () => {
    const client = t.client();
    await client.graphql({ query: "query { me { ref } }" });
    const first = client as unknown as { accessToken: string; refreshToken: string };
    const [oldAccess, oldRefresh] = [first.accessToken, first.refreshToken];
    env.advance(3601);
    try {
      expect((await gql(env, oldAccess, "{ me { ref } }")).status).toBe(401);
      const r = await client.graphql({ query: "query { me { ref } }" });
      expect(r.data).toEqual({ me: { ref: t.login.username } });
      expect(first.accessToken).not.toBe(oldAccess);
      expect(first.refreshToken).not.toBe(oldRefresh);
    } finally {
      env.advance(-3601);
    }
  });

  it("revoking the credential kills its tokens: the SDK cannot log in again", async () => {
    const other = await t.credential();
    const client = t.client({
      clientId: other.login.clientId,
      clientSecret: other.login.clientSecret,
      username: other.login.username,
      password: other.login.password,
    });
    await client.graphql({ query: "query { me { ref } }" });
    await env.core.credentials.revoke(other.credentialId);
    const err = await client.graphql({ query: "query { me { ref } }" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "FluentAPIError", statusCode: 401 });
  });
});
