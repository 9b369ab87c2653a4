import type { AddressInfo } from "node:net";
import { type Core, createCore, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { createMagentoHandler, type MagentoVersion } from "../src/index.ts";

export interface Store {
  code: string;
  tenantId: string;
}

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { category?: string }; path?: string[] }[];
}

export interface Env {
  t: TestDb;
  core: Core;
  base: string;
  /** A new tenant that owns a new store code (a version other than 2.4.9 when asked). */
  store(o?: { version?: MagentoVersion; config?: Record<string, unknown> }): Promise<Store>;
  /**
   * Adobe's own storefront client (@adobe-commerce/fetch-graphql, what the drop-ins use) with the
   * headers a storefront sends: Content-Type, Store and, once signed in, Authorization: Bearer.
   */
  client(store: Store | null, token?: string): StoreClient;
  /** A raw request to the loopback server. */
  raw(path: string, init: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export interface StoreClient {
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    method?: "GET" | "POST",
  ): Promise<GqlResult<T>>;
  setToken(token: string | null): void;
}

/** The part of @adobe-commerce/fetch-graphql's FetchGraphQL these tests use. */
interface FetchGraphQLClient {
  setEndpoint(url: string): void;
  setFetchGraphQlHeader(key: string, value: string | null): void;
  removeFetchGraphQlHeader(key: string): void;
  fetchGraphQl<T>(
    query: string,
    o?: { method?: "GET" | "POST"; variables?: Record<string, unknown> },
  ): Promise<GqlResult<T>>;
}
// The package ships TypeScript source only, written for a looser compiler setup than ours, so it
// is loaded by name (not type-checked here) and typed by the interface above.
const PKG = "@adobe-commerce/fetch-graphql";
const { FetchGraphQL } = (await import(PKG)) as { FetchGraphQL: new () => FetchGraphQLClient };

let n = 0;

export async function setup(engine: Engine, o: { clock?: () => number } = {}): Promise<Env> {
  const t = await createTestDb(engine);
  const core = createCore(t.db, o.clock ? { clock: o.clock } : {});
  const log = process.env.MAGENTO_TEST_LOG
    ? { ...silentLogger, error: (o: object, m?: string) => console.error(m, o) }
    : silentLogger;
  const handler = createMagentoHandler({ core, log, development: false });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    core,
    base,
    async store(so = {}) {
      const slug = `mage-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const tenant = await createTenant(t.db, slug);
      if (!tenant.ok) throw new Error(tenant.error.message);
      const code = `store_${n}_${Math.random().toString(36).slice(2, 6)}`;
      const s = await core.stores.create({
        tenant: slug,
        code,
        version: so.version,
        config: so.config,
      });
      if (!s.ok) throw new Error(s.error.message);
      return { code, tenantId: tenant.value.id };
    },
    client(store, token) {
      const c = new FetchGraphQL();
      c.setEndpoint(`${base}/graphql`);
      if (store) c.setFetchGraphQlHeader("Store", store.code);
      const setToken = (tk: string | null) =>
        tk
          ? c.setFetchGraphQlHeader("Authorization", `Bearer ${tk}`)
          : c.removeFetchGraphQlHeader("Authorization");
      setToken(token ?? null);
      return {
        request: (query, variables, method = "POST") =>
          c.fetchGraphQl(query, { method, ...(variables ? { variables } : {}) }) as never,
        setToken,
      };
    },
    raw: (path, init) => fetch(`${base}${path}`, init),
    async dispose() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    },
  };
}

/** Documents as in Adobe's GraphQL docs (developer.adobe.com/commerce/webapi/graphql/schema/customer). */
export const DOCS = {
  createCustomerV2: /* GraphQL */ `mutation {
  createCustomerV2(
    input: {
      firstname: "Bob"
      lastname: "Loblaw"
      email: "bobloblaw@example.com"
      password: "b0bl0bl@w"
      is_subscribed: true
    }
  ) {
    customer {
      firstname
      lastname
      email
      is_subscribed
    }
  }
}`,
  createCustomerVars: /* GraphQL */ `mutation createCustomer($input: CustomerCreateInput!) {
  createCustomerV2(input: $input) {
    customer { id firstname lastname email is_subscribed date_of_birth gender }
  }
}`,
  createCustomerLegacy: /* GraphQL */ `mutation {
  createCustomer(
    input: {
      firstname: "Bob"
      lastname: "Loblaw"
      email: "bobloblaw@example.com"
      password: "b0bl0bl@w"
      is_subscribed: true
    }
  ) {
    customer {
      firstname
      lastname
      email
      is_subscribed
    }
  }
}`,
  generateCustomerToken: /* GraphQL */ `mutation generateCustomerToken($email: String!, $password: String!) {
  generateCustomerToken(email: $email, password: $password) {
    token
  }
}`,
  customer: /* GraphQL */ `query {
  customer {
    firstname
    lastname
    suffix
    email
    addresses {
      firstname
      lastname
      street
      city
      region {
        region_code
        region
      }
      postcode
      country_code
      telephone
    }
  }
}`,
  updateCustomerV2: /* GraphQL */ `mutation {
  updateCustomerV2(
    input: {
      firstname: "Robert"
      is_subscribed: false
    }
  ) {
    customer {
      firstname
      is_subscribed
    }
  }
}`,
  updateCustomerLegacy: /* GraphQL */ `mutation {
  updateCustomer(
    input: {
      firstname: "Rob"
      email: "robloblaw@example.com"
    }
  ) {
    customer {
      firstname
      email
    }
  }
}`,
  updateCustomerEmail: /* GraphQL */ `mutation updateCustomerEmail($email: String!, $password: String!) {
  updateCustomerEmail(email: $email, password: $password) {
    customer {
      email
    }
  }
}`,
  changeCustomerPassword: /* GraphQL */ `mutation changeCustomerPassword($current: String!, $next: String!) {
  changeCustomerPassword(currentPassword: $current, newPassword: $next) {
    id
    email
  }
}`,
  createCustomerAddress: /* GraphQL */ `mutation {
  createCustomerAddress(input: {
    region: {
      region: "Arizona"
      region_code: "AZ"
    }
    country_code: US
    street: ["123 Main Street"]
    telephone: "7777777777"
    postcode: "77777"
    city: "Phoenix"
    firstname: "Bob"
    lastname: "Loblaw"
    default_shipping: true
    default_billing: false
  }) {
    id
    uid
    region {
      region
      region_code
    }
    country_code
    street
    telephone
    postcode
    city
    default_shipping
    default_billing
  }
}`,
  updateCustomerAddress: /* GraphQL */ `mutation updateCustomerAddress($id: Int!) {
  updateCustomerAddress(id: $id, input: {
    city: "Tucson"
    default_billing: true
  }) {
    id
    city
    default_shipping
    default_billing
  }
}`,
  deleteCustomerAddress: /* GraphQL */ `mutation deleteCustomerAddress($id: Int!) {
  deleteCustomerAddress(id: $id)
}`,
  revokeCustomerToken: /* GraphQL */ `mutation {
  revokeCustomerToken {
    result
  }
}`,
  isEmailAvailable: /* GraphQL */ `query isEmailAvailable($email: String!) {
  isEmailAvailable(email: $email) {
    is_email_available
  }
}`,
};

export const PASSWORD = "b0bl0bl@w";
