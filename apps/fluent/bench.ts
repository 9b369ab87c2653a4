import type { Core } from "@cg/core";
import { fluentLogins } from "./src/logins.ts";

/**
 * The Fluent row of `pnpm bench`: updateCustomer by username (the document the seed sends) for one
 * of 1000 customers the scenario creates first; every tenth round renames them, so updates happen
 * as well as NOOPs. Read against the GraphQL floor row (plain.__typename.floor).
 */
const UPDATE = /* GraphQL */ `mutation updateCustomer($input: UpdateCustomerInput) {
  updateCustomer(input: $input) {
    id ref status createdOn updatedOn retailer { id } title country firstName lastName username
    primaryEmail primaryPhone timezone promotionOptIn
  }
}`;
const CUSTOMERS = 1000;
const username = (n: number) => `1_bench-${n}@example.com`;

export const fluentScenario = {
  name: "fluent.updateCustomer",
  dialect: "fluent" as const,
  path: "/fluent/graphql",
  against: "floor" as const,
  /** Logs the new credential in as the SDK does and creates the customers; returns the token. */
  async authorize(c: {
    core: Core;
    baseUrl: string;
    credentialId: string;
    tenantId: string;
    secret: string;
    name: string;
  }): Promise<string> {
    const login = await fluentLogins.login(c);
    const ctx = {
      tenantId: c.tenantId,
      actor: { dialect: "fluent", credentialId: c.credentialId },
    };
    const inputs = Array.from({ length: CUSTOMERS }, (_, n) => ({
      lookup: [{ kind: "USERNAME", value: username(n) }],
      mode: "create" as const,
      onCreate: {
        firstName: "Bench",
        identifiers: [{ kind: "USERNAME", value: username(n) }],
      },
    }));
    await c.core.upsertMany(ctx, inputs);
    const res = await fetch(`${c.baseUrl}/fluent/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: login.clientId!,
        client_secret: login.clientSecret!,
        username: login.username!,
        password: login.password!,
        scope: "api",
      }),
    });
    if (!res.ok) throw new Error(`fluent bench: token ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  },
  request(i: number, token: string): { headers: Record<string, string>; body: string } {
    const n = i % CUSTOMERS;
    const renamed = Math.floor(i / CUSTOMERS) % 10 === 9;
    return {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        query: UPDATE,
        variables: {
          input: {
            username: username(n),
            firstName: renamed ? "Renamed" : "Bench",
            lastName: `Customer ${n}`,
            timezone: "GMT+10",
          },
        },
      }),
    };
  },
};
