/**
 * The Plain row of `pnpm bench`: a realistic upsertCustomer request (the document the SDK sends)
 * for customer number i. 5000 distinct emails, so a long run mixes creates, NOOPs and updates.
 */
const UPSERT = /* GraphQL */ `mutation upsertCustomer($input: UpsertCustomerInput!) {
  upsertCustomer(input: $input) {
    result
    customer { __typename id externalId fullName shortName email { email isVerified } createdAt { iso8601 } updatedAt { iso8601 } }
    error { __typename message type code fields { field message type } }
  }
}`;

export const plainScenario = {
  name: "plain.upsertCustomer",
  dialect: "plain" as const,
  path: "/plain/graphql/v1",
  request(i: number, secret: string): { headers: Record<string, string>; body: string } {
    const n = i % 5000;
    const email = `bench-${n}@example.com`;
    // Every tenth round renames the customer, so updates happen as well as NOOPs.
    const fullName = `Bench Customer ${n}${Math.floor(i / 5000) % 10 === 9 ? " (renamed)" : ""}`;
    return {
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        "plain-sdk": "typescript",
        "plain-sdk-version": "5.12.1",
      },
      body: JSON.stringify({
        query: UPSERT,
        variables: {
          input: {
            identifier: { emailAddress: email },
            onCreate: {
              fullName,
              shortName: "Bench",
              email: { email, isVerified: false },
              externalId: `bench-ext-${n}`,
            },
            onUpdate: { fullName: { value: fullName }, shortName: { value: "Bench" } },
          },
        },
      }),
    };
  },
};
