import type { AddressInfo } from "node:net";
import { type Core, createCore, createCredential, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { createPlainHandler } from "../src/index.ts";

export interface Env {
  t: TestDb;
  core: Core;
  handler: (req: Request) => Promise<Response>;
  /** http://127.0.0.1:<port>/graphql/v1: the standalone path, served over a real socket for the SDK. */
  url: string;
  close(): Promise<void>;
}

export interface TenantEnv {
  tenantId: string;
  secret: string;
  /** A key of this tenant with only these scopes. */
  key(scopes: string[], dialect?: string): Promise<string>;
}

export async function setup(
  engine: Engine,
  opts: { development?: boolean; core?: (c: Core) => Core } = {},
): Promise<Env> {
  const t = await createTestDb(engine);
  const core = createCore(t.db);
  const handler = createPlainHandler({
    core: opts.core ? opts.core(core) : core,
    log: silentLogger,
    development: opts.development ?? false,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    t,
    core,
    handler,
    url: `http://127.0.0.1:${port}/graphql/v1`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    },
  };
}

let n = 0;
export async function tenant(env: Env): Promise<TenantEnv> {
  const slug = `plain-${++n}-${Date.now().toString(36)}`;
  const r = await createTenant(env.t.db, slug);
  if (!r.ok) throw new Error(r.error.message);
  const key = async (scopes: string[], dialect = "plain") => {
    const c = await createCredential(env.t.db, { tenant: slug, dialect, scopes });
    if (!c.ok) throw new Error(c.error.message);
    return c.value.secret;
  };
  return { tenantId: r.value.id, secret: await key([]), key };
}

/** A response body for assertions: any path can be read, expect() checks the values. */
export type JsonTree = { readonly [key: string]: JsonTree };

/** One GraphQL POST through the fetch handler, as the SDK sends it. */
export async function gql(
  env: Env,
  secret: string | null,
  query: string,
  variables?: unknown,
  init: { path?: string; body?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await env.handler(
    new Request(`http://localhost${init.path ?? "/graphql/v1"}`, {
      method: "POST",
      headers,
      body: init.body ?? JSON.stringify({ query, variables: variables ?? null }),
    }),
  );
  const text = await res.text();
  let json: {
    data?: JsonTree | null;
    errors?: {
      message: string;
      locations?: unknown[];
      path?: unknown[];
      extensions?: Record<string, unknown>;
    }[];
  };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}): ${text}`);
  }
  return { status: res.status, json, text };
}

export const UPSERT = `mutation upsertCustomer($input: UpsertCustomerInput!) {
  upsertCustomer(input: $input) {
    result
    customer { __typename id externalId fullName shortName email { email isVerified verifiedAt { iso8601 unixTimestamp } }
      status isAnonymous avatarUrl company { id } assignedToUser { userId } markedAsSpamAt { iso8601 } identities { __typename ... on EmailCustomerIdentity { email } }
      createdAt { iso8601 unixTimestamp } updatedAt { iso8601 } createdBy { __typename ... on MachineUserActor { machineUserId } ... on SystemActor { systemId } }
      customerGroupMemberships { edges { node { customerGroup { name key } } } } tenantMemberships { edges { cursor } pageInfo { hasNextPage } } }
    error { __typename message type code fields { field message type } }
  }
}`;

export const upsertInput = (
  email: string,
  o: {
    fullName?: string;
    shortName?: string | null;
    externalId?: string;
    onUpdate?: Record<string, unknown>;
    identifier?: Record<string, unknown>;
    groups?: Record<string, string>[];
  } = {},
) => ({
  identifier: o.identifier ?? { emailAddress: email },
  onCreate: {
    fullName: o.fullName ?? "Donald Duck",
    ...(o.shortName !== undefined ? { shortName: o.shortName } : {}),
    email: { email, isVerified: false },
    ...(o.externalId ? { externalId: o.externalId } : {}),
    ...(o.groups ? { customerGroupIdentifiers: o.groups } : {}),
  },
  onUpdate: o.onUpdate ?? {},
});
