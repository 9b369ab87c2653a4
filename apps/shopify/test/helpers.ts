import type { Core } from "@cg/core";
import type { Engine, TestDb } from "@cg/db/testing";
import { type DialectTestEnv, startDialect } from "@cg/dialect-kit/testing";
import { type AdminApiClient, createAdminApiClient } from "@shopify/admin-api-client";
import { type CostLimits, defineShopifyDialect } from "../src/index.ts";

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
  kit: DialectTestEnv;
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

export async function setup(
  engine: Engine,
  o: { costLimits?: Partial<CostLimits>; prefix?: string; clock?: () => number } = {},
): Promise<Env> {
  const def = defineShopifyDialect(o.costLimits ? { costLimits: o.costLimits } : {});
  const kit = await startDialect(def, engine, {
    ...(o.prefix ? { root: o.prefix } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const base = kit.base;
  return {
    t: kit.t,
    core: kit.core,
    handler: kit.handler,
    base,
    kit,
    async shop(scopes) {
      const { slug, tenantId } = await kit.tenant();
      const cred = await kit.credential(slug, scopes ? { scopes } : {});
      return { slug, tenantId, secret: cred.secret, credentialId: cred.id };
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
    dispose: () => kit.close(),
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
