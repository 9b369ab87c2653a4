import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_SET, type Env, type Shop, setup } from "./helpers.ts";

const PAGE = `query page($first: Int, $last: Int, $after: String, $before: String, $query: String, $sortKey: CustomerSortKeys, $reverse: Boolean) {
  customers(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: $sortKey, reverse: $reverse) {
    edges { cursor node { id email firstName tags } }
    nodes { email }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = {
  customers: {
    edges: {
      cursor: string;
      node: { id: string; email: string | null; firstName: string | null; tags: string[] };
    }[];
    nodes: { email: string | null }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
};

describe.each(testEngines())("queries and customerCreate/Update/Delete on %s", (engine) => {
  let env: Env;
  let shop: Shop;
  const q = async <T = unknown>(query: string, variables: Record<string, unknown> = {}) => {
    const r = await env.client(shop).request<T>(query, { variables });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const emails = (p: Page) => p.customers.edges.map((e) => e.node.email);

  beforeAll(async () => {
    env = await setup(engine);
    shop = await env.shop();
    for (let i = 1; i <= 7; i++)
      await q(CUSTOMER_SET, {
        identifier: { email: `c${i}@list.io` },
        input: {
          email: `c${i}@list.io`,
          firstName: i === 3 ? "Zelda" : `Name${i}`,
          tags: i % 2 ? ["odd"] : ["even"],
          phone: `+1613555020${i}`,
        },
      });
  });
  afterAll(async () => {
    await env.dispose();
  });

  it("pages forwards and backwards by ID (creation order) with cursors", async () => {
    const p1 = await q<Page>(PAGE, { first: 3 });
    expect(emails(p1)).toEqual(["c1@list.io", "c2@list.io", "c3@list.io"]);
    expect(p1.customers.nodes.map((n) => n.email)).toEqual(emails(p1));
    expect(p1.customers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await q<Page>(PAGE, { first: 3, after: p1.customers.pageInfo.endCursor });
    expect(emails(p2)).toEqual(["c4@list.io", "c5@list.io", "c6@list.io"]);
    expect(p2.customers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await q<Page>(PAGE, { first: 3, after: p2.customers.pageInfo.endCursor });
    expect(emails(p3)).toEqual(["c7@list.io"]);
    expect(p3.customers.pageInfo.hasNextPage).toBe(false);
    const back = await q<Page>(PAGE, { last: 2, before: p2.customers.pageInfo.startCursor });
    expect(emails(back)).toEqual(["c2@list.io", "c3@list.io"]);
    const tail = await q<Page>(PAGE, { last: 2 });
    expect(emails(tail)).toEqual(["c6@list.io", "c7@list.io"]);
    const rev = await q<Page>(PAGE, { first: 2, reverse: true });
    expect(emails(rev)).toEqual(["c7@list.io", "c6@list.io"]);
    const byName = await q<Page>(PAGE, { first: 1, sortKey: "NAME", reverse: true });
    expect(byName.customers.edges[0]!.node.firstName).toBe("Zelda");
  });

  it("requires first or last, as Shopify does", async () => {
    const r = await env.client(shop).request(PAGE, { variables: {} });
    expect(r.errors?.graphQLErrors?.[0]?.message).toBe("you must provide one of first or last");
  });

  it("searches with Shopify's syntax: email, phone, tag, updated_at, free text", async () => {
    expect(emails(await q<Page>(PAGE, { first: 10, query: 'email:"C5@list.io"' }))).toEqual([
      "c5@list.io",
    ]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "email:c6@list.io" }))).toEqual([
      "c6@list.io",
    ]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "phone:+16135550204" }))).toEqual([
      "c4@list.io",
    ]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "tag:even" }))).toEqual([
      "c2@list.io",
      "c4@list.io",
      "c6@list.io",
    ]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "Zelda" }))).toEqual(["c3@list.io"]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "tag:odd AND zel" }))).toEqual([
      "c3@list.io",
    ]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "email:nobody@list.io" }))).toEqual([]);
    expect(emails(await q<Page>(PAGE, { first: 10, query: "email:not-an-email" }))).toEqual([]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      emails(
        await q<Page>(PAGE, { first: 10, query: `updated_at:>'${future}'`.replace(/'/g, '"') }),
      ),
    ).toEqual([]);
    expect(
      emails(await q<Page>(PAGE, { first: 10, query: `updated_at:<"${future}"` })).length,
    ).toBe(7);
    expect(
      emails(await q<Page>(PAGE, { first: 10, query: "updated_at:>2000-01-01 tag:odd" })),
    ).toEqual(["c1@list.io", "c3@list.io", "c5@list.io", "c7@list.io"]);
  });

  it("search connectives over HTTP: OR, NOT and -, parentheses, tag lists, prefixes, ids; customersCount agrees", async () => {
    const search = async (query: string) => emails(await q<Page>(PAGE, { first: 10, query }));
    expect(await search("email:c1@list.io OR email:c2@list.io")).toEqual([
      "c1@list.io",
      "c2@list.io",
    ]);
    expect(await search("tag:odd -first_name:Zelda")).toEqual([
      "c1@list.io",
      "c5@list.io",
      "c7@list.io",
    ]);
    expect(await search("NOT tag:odd")).toEqual(["c2@list.io", "c4@list.io", "c6@list.io"]);
    expect(await search("tag_not:odd")).toEqual(await search("NOT tag:odd"));
    expect(await search("tag:'odd,even' -(phone:+16135550201 OR phone:+16135550207)")).toEqual([
      "c2@list.io",
      "c3@list.io",
      "c4@list.io",
      "c5@list.io",
      "c6@list.io",
    ]);
    expect(await search("first_name:name* AND tag:even")).toEqual([
      "c2@list.io",
      "c4@list.io",
      "c6@list.io",
    ]);
    expect(await search("email:* state:DISABLED orders_count:0")).toHaveLength(7);
    expect(await search("state:ENABLED")).toEqual([]);
    const third = (await q<Page>(PAGE, { first: 3 })).customers.edges[2]!.node.id.split("/").pop();
    expect(await search(`id:>${third}`)).toEqual([
      "c4@list.io",
      "c5@list.io",
      "c6@list.io",
      "c7@list.io",
    ]);
    expect(await q(`{ customersCount(query: "tag:odd OR first_name:Name2") { count } }`)).toEqual({
      customersCount: { count: 5 },
    });
    expect(await q(`{ customersCount(query: "-email:*") { count } }`)).toEqual({
      customersCount: { count: 0 },
    });
    const deep = await env
      .client(shop)
      .request(PAGE, { variables: { first: 1, query: `${"-".repeat(40)}x` } });
    expect(deep.errors?.graphQLErrors?.[0]).toMatchObject({
      message: "Search query is nested more than 32 levels deep",
      extensions: { code: "BAD_REQUEST" },
    });
  });

  it("counts with customersCount (query and limit)", async () => {
    expect(await q(`{ customersCount { count precision } }`)).toEqual({
      customersCount: { count: 7, precision: "EXACT" },
    });
    expect(await q(`{ customersCount(query: "tag:even") { count precision } }`)).toEqual({
      customersCount: { count: 3, precision: "EXACT" },
    });
    expect(await q(`{ customersCount(limit: 5) { count precision } }`)).toEqual({
      customersCount: { count: 5, precision: "AT_LEAST" },
    });
  });

  it("reads one customer by gid and by identifier; unknown → null", async () => {
    const first = (await q<Page>(PAGE, { first: 1 })).customers.edges[0]!.node;
    expect(await q(`query($id: ID!) { customer(id: $id) { id email } }`, { id: first.id })).toEqual(
      { customer: { id: first.id, email: "c1@list.io" } },
    );
    expect(await q(`{ customer(id: "gid://shopify/Customer/987654321") { id } }`)).toEqual({
      customer: null,
    });
    const by = (identifier: unknown) =>
      q(`query($i: CustomerIdentifierInput!) { customerByIdentifier(identifier: $i) { email } }`, {
        i: identifier,
      });
    expect(await by({ emailAddress: "C2@list.io" })).toEqual({
      customerByIdentifier: { email: "c2@list.io" },
    });
    expect(await by({ phoneNumber: "+1 613 555 0203" })).toEqual({
      customerByIdentifier: { email: "c3@list.io" },
    });
    expect(await by({ id: first.id })).toEqual({ customerByIdentifier: { email: "c1@list.io" } });
    expect(await by({ emailAddress: "none@list.io" })).toEqual({ customerByIdentifier: null });
  });

  it("customerCreate / customerUpdate / customerDelete with plain UserError", async () => {
    const create = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id email firstName emailMarketingConsent { marketingState } defaultEmailAddress { marketingState } metafield(namespace: "custom", key: "loyalty") { value } } userErrors { field message } } }`;
    const c = await q<{
      customerCreate: { customer: { id: string } | null; userErrors: unknown[] };
    }>(create, {
      input: {
        email: "crud@list.io",
        firstName: "Cru",
        emailMarketingConsent: {
          marketingState: "SUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
        },
        metafields: [
          { namespace: "custom", key: "loyalty", type: "single_line_text_field", value: "gold" },
        ],
      },
    });
    expect(c.customerCreate.userErrors).toEqual([]);
    expect(c.customerCreate.customer).toMatchObject({
      email: "crud@list.io",
      firstName: "Cru",
      emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      defaultEmailAddress: { marketingState: "SUBSCRIBED" },
      metafield: { value: "gold" },
    });
    const dup = await q(create, { input: { email: "crud@list.io" } });
    expect(dup).toEqual({
      customerCreate: {
        customer: null,
        userErrors: [{ field: ["email"], message: "Email has already been taken" }],
      },
    });
    const id = c.customerCreate.customer!.id;
    const u = await q(
      `mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id firstName email } userErrors { field message } } }`,
      { input: { id, firstName: "Crux" } },
    );
    expect(u).toEqual({
      customerUpdate: {
        customer: { id, firstName: "Crux", email: "crud@list.io" },
        userErrors: [],
      },
    });
    const missing = await q(
      `mutation { customerUpdate(input: { id: "gid://shopify/Customer/987654321", firstName: "X" }) { customer { id } userErrors { field message } } }`,
    );
    expect(missing).toEqual({
      customerUpdate: {
        customer: null,
        userErrors: [{ field: ["id"], message: "Customer does not exist" }],
      },
    });
    const del = `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId shop { id } userErrors { field message } } }`;
    type Deleted = {
      customerDelete: {
        deletedCustomerId: string | null;
        shop: { id: string };
        userErrors: unknown[];
      };
    };
    const d = await q<Deleted>(del, { id });
    expect(d.customerDelete).toMatchObject({ deletedCustomerId: id, userErrors: [] });
    expect(d.customerDelete.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    expect(await q(`query($id: ID!) { customer(id: $id) { id } }`, { id })).toEqual({
      customer: null,
    });
    expect((await q<Deleted>(del, { id })).customerDelete).toMatchObject({
      deletedCustomerId: null,
      userErrors: [{ field: ["id"], message: "Customer can't be found" }],
    });
  });
});
