/**
 * The Magento row of `pnpm bench`: `updateCustomerV2` as signed-in storefronts send it
 * (Content-Type, Store, Authorization: Bearer), read as a ratio to the GraphQL floor row. As many
 * customers as the row has connections (32), each registered and signed in once in `prepare`, and
 * each connection sends its own customer's token: the row measures token-authenticated updates of
 * distinct customers, as a storefront's shoppers make them. The sign-in's cost (one scrypt
 * verification) is a row of its own (`signInCost`).
 */
const UPDATE = /* GraphQL */ `mutation updateCustomer($input: CustomerUpdateInput!) {
  updateCustomerV2(input: $input) {
    customer { id firstname lastname email is_subscribed date_of_birth }
  }
}`;

const gql = async (base: string, store: string, query: string, variables: unknown) => {
  const r = await fetch(`${base}/magento/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", store },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as {
    data?: Record<string, { token?: string } | null>;
    errors?: unknown;
  };
  if (body.errors) throw new Error(`magento bench setup: ${JSON.stringify(body.errors)}`);
  return body.data ?? {};
};

export const BENCH_PASSWORD = "Bench-passw0rd";
/** Customers signed in by `prepare`: one per connection of the row. */
export const BENCH_CUSTOMERS = 32;

export const magentoScenario = {
  name: "magento.updateCustomerV2",
  dialect: "magento" as const,
  path: "/magento/graphql",
  /** The row's ratio is to the GraphQL floor row, not to raw SQL. */
  against: "floor" as const,
  /**
   * Registers BENCH_CUSTOMERS customers through the running gateway and signs each in; the store
   * code must belong to the bench's tenant already. Returns what `request` is given as its
   * secret: the store code and the tokens.
   */
  async prepare(base: string, store: string, customers = BENCH_CUSTOMERS): Promise<string> {
    const run = Date.now();
    const tokens: string[] = [];
    for (let n = 0; n < customers; n++) {
      const email = `bench-${run}-${n}@example.com`;
      await gql(
        base,
        store,
        `mutation($input: CustomerCreateInput!) { createCustomerV2(input: $input) { customer { email } } }`,
        {
          input: { firstname: "Bench", lastname: `Customer ${n}`, email, password: BENCH_PASSWORD },
        },
      );
      const t = await gql(
        base,
        store,
        `mutation($e: String!, $p: String!) { generateCustomerToken(email: $e, password: $p) { token } }`,
        { e: email, p: BENCH_PASSWORD },
      );
      tokens.push(String(t.generateCustomerToken?.token));
    }
    return `${store} ${tokens.join(",")}`;
  },
  /** Request i on connection `conn` (each connection its own customer's token). */
  request(i: number, secret: string, conn = i): { headers: Record<string, string>; body: string } {
    const [store, list] = secret.split(" ");
    const tokens = list!.split(",");
    // Ten names in turn: mostly UPDATED, with the occasional NOOP.
    return {
      headers: {
        authorization: `Bearer ${tokens[conn % tokens.length]}`,
        "content-type": "application/json",
        store: store!,
      },
      body: JSON.stringify({
        query: UPDATE,
        variables: { input: { firstname: `Bench${i % 10}`, is_subscribed: i % 2 === 0 } },
      }),
    };
  },
};
