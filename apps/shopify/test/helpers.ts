import type { AddressInfo } from "node:net";
import { type Core, createCore, createCredential, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { type AdminApiClient, createAdminApiClient } from "@shopify/admin-api-client";
import { type CostLimits, createShopifyHandler } from "../src/index.ts";

export interface Shop {
  slug: string;
  tenantId: string;
  secret: string;
  credentialId: string;
}

export interface Env {
  t: TestDb;
  core: Core;
  handler: (req: Request) => Promise<Response>;
  base: string;
  shop(scopes?: string[]): Promise<Shop>;
  /** The real @shopify/admin-api-client, its https URL rewritten to our loopback server. */
  client(
    shop: Shop,
    o?: { apiVersion?: string; retries?: number; logger?: (l: { type: string }) => void },
  ): AdminApiClient;
  /** A raw POST to the loopback server. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  dispose(): Promise<void>;
}

let n = 0;

export async function setup(
  engine: Engine,
  o: { costLimits?: Partial<CostLimits>; prefix?: string; clock?: () => number } = {},
): Promise<Env> {
  const t = await createTestDb(engine);
  const core = createCore(t.db);
  const handler = createShopifyHandler(
    { core, log: silentLogger },
    { costLimits: o.costLimits, prefix: o.prefix, clock: o.clock },
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    core,
    handler,
    base,
    async shop(scopes) {
      const slug = `shop-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const tenant = await createTenant(t.db, slug);
      if (!tenant.ok) throw new Error(tenant.error.message);
      const cred = await createCredential(t.db, { tenant: slug, dialect: "shopify", scopes });
      if (!cred.ok) throw new Error(cred.error.message);
      return {
        slug,
        tenantId: tenant.value.id,
        secret: cred.value.secret,
        credentialId: cred.value.id,
      };
    },
    client(shop, c = {}) {
      return createAdminApiClient({
        storeDomain: `${shop.slug}.myshopify.com`,
        apiVersion: c.apiVersion ?? "2025-10",
        accessToken: shop.secret,
        retries: c.retries ?? 0,
        logger: c.logger ?? (() => {}),
        customFetchApi: (url, init) =>
          fetch(url.replace(/^https:\/\/[^/]+/, `${base}${o.prefix ?? ""}`), init as RequestInit),
      });
    },
    post(path, body, headers = {}) {
      return fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    },
    async dispose() {
      await new Promise<void>((r) => server.close(() => r()));
      await t.dispose();
    },
  };
}

export const CUSTOMER_FIELDS = `
  id legacyResourceId firstName lastName displayName email phone note locale tags taxExempt taxExemptions
  state numberOfOrders amountSpent { amount currencyCode } createdAt updatedAt verifiedEmail
  defaultEmailAddress { emailAddress marketingState }
  defaultPhoneNumber { phoneNumber }
  defaultAddress { id address1 city countryCodeV2 zip }
  addresses { id firstName lastName address1 address2 city province provinceCode country countryCodeV2 zip phone company }
  addressesV2(first: 10) { nodes { id address1 } pageInfo { hasNextPage } }
`;

export const CUSTOMER_SET = `
  mutation customerSet($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
    customerSet(identifier: $identifier, input: $input) {
      customer { ${CUSTOMER_FIELDS} }
      userErrors { field message code }
    }
  }
`;

export interface AddressOut {
  id: string;
  address1: string | null;
  [field: string]: unknown;
}
export interface CustomerOut {
  id: string;
  email: string | null;
  updatedAt: string;
  addresses: AddressOut[];
  defaultAddress: AddressOut | null;
  [field: string]: unknown;
}
export interface SetPayload {
  customerSet: {
    customer: CustomerOut | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  };
}
