/** `pnpm bench` row: customerSet upsert-by-email through the gateway (apps/bench sends it, 32 clients). */
const MUTATION = `mutation customerSet($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) {
    customer { id email firstName lastName tags updatedAt }
    userErrors { field message code }
  }
}`;

export const shopifyScenario = {
  name: "shopify.customerSet",
  dialect: "shopify" as const,
  path: "/shopify/admin/api/2025-10/graphql.json",
  request(i: number, secret: string): { headers: Record<string, string>; body: string } {
    const email = `bench-${i % 5000}@example.com`;
    return {
      headers: { "content-type": "application/json", "x-shopify-access-token": secret },
      body: JSON.stringify({
        query: MUTATION,
        variables: {
          identifier: { email },
          input: {
            email,
            firstName: "Bench",
            lastName: `Customer ${i % 5000}`,
            tags: ["bench", `round-${Math.floor(i / 5000)}`],
            note: "created by pnpm bench",
          },
        },
      }),
    };
  },
};
