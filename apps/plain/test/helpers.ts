import type { Core } from "@cg/core";
import type { Engine, TestDb } from "@cg/db/testing";
import { type DialectTestEnv, startDialect } from "@cg/dialect-kit/testing";
import { plainDialect } from "../src/index.ts";

export interface Env {
  t: TestDb;
  core: Core;
  handler: (req: Request) => Promise<Response>;
  /** http://127.0.0.1:<port>/graphql/v1: the standalone path, served over a real socket for the SDK. */
  url: string;
  kit: DialectTestEnv;
  close(): Promise<void>;
}

export interface TenantEnv {
  tenantId: string;
  secret: string;
  /** A key of this tenant with only these scopes (all of Plain's when none). */
  key(scopes: string[], dialect?: string): Promise<string>;
}

export async function setup(
  engine: Engine,
  opts: { development?: boolean; core?: (c: Core) => Core } = {},
): Promise<Env> {
  const kit = await startDialect(plainDialect, engine, opts);
  return {
    t: kit.t,
    core: kit.core,
    handler: kit.handler,
    url: `${kit.base}/graphql/v1`,
    kit,
    close: () => kit.close(),
  };
}

export async function tenant(env: Env): Promise<TenantEnv> {
  const { slug, tenantId } = await env.kit.tenant();
  const key = async (scopes: string[], dialect = "plain") =>
    (await env.kit.credential(slug, { scopes, dialect })).secret;
  return { tenantId, secret: await key([]), key };
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
