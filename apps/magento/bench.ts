/**
 * The Magento row of `pnpm bench`: `updateCustomerV2` as a signed-in storefront sends it
 * (Content-Type, Store, Authorization: Bearer), read as a ratio to the GraphQL floor row. One
 * customer per run, signed in once in `prepare`: the row measures token-authenticated requests;
 * the sign-in's cost (one scrypt verification) is a row of its own (`signInCost`).
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

export const magentoScenario = {
  name: "magento.updateCustomerV2",
  dialect: "magento" as const,
  path: "/magento/graphql",
  /** The row's ratio is to the GraphQL floor row, not to raw SQL. */
  against: "floor" as const,
  /**
   * Registers the customer through the running gateway and signs in; the store code must belong
   * to the bench's tenant already. Returns what `request` is given as its secret.
   */
  async prepare(base: string, store: string): Promise<string> {
    const email = `bench-${Date.now()}@example.com`;
    await gql(
      base,
      store,
      `mutation($input: CustomerCreateInput!) { createCustomerV2(input: $input) { customer { email } } }`,
      { input: { firstname: "Bench", lastname: "Customer", email, password: BENCH_PASSWORD } },
    );
    const t = await gql(
      base,
      store,
      `mutation($e: String!, $p: String!) { generateCustomerToken(email: $e, password: $p) { token } }`,
      { e: email, p: BENCH_PASSWORD },
    );
    return `${store} ${t.generateCustomerToken?.token}`;
  },
  request(i: number, secret: string): { headers: Record<string, string>; body: string } {
    const [store, token] = secret.split(" ");
    // Ten names in turn: mostly UPDATED, with the occasional NOOP.
    return {
      headers: {
        authorization: `Bearer ${token}`,
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
