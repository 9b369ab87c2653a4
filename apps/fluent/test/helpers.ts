import type { AddressInfo } from "node:net";
import { type CallContext, type Core, createCore, createTenant, silentLogger } from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { createDialectHandler } from "@cg/dialect-kit";
import { FluentClient, type FluentClientConfig } from "@fluentcommerce/fc-connect-sdk";
import { serve } from "@hono/node-server";
import { createFluentDialect } from "../src/index.ts";

export interface Env {
  t: TestDb;
  core: Core;
  /** The call context of a tenant's main credential (for core reads in assertions). */
  ctx(t: Pick<TenantEnv, "tenantId" | "credentialId">): CallContext;
  /** Moves the clock tokens expire by (core's clock). */
  advance(seconds: number): void;
  /** http://127.0.0.1:<port>/fluent: the gateway's mount, served over a real socket for the SDK. */
  baseUrl: string;
  close(): Promise<void>;
}

/** What `cg credentials create --dialect fluent` prints as `login`. */
export interface FluentLogin {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  retailerId: string;
}

export interface TenantEnv {
  tenantId: string;
  slug: string;
  credentialId: string;
  login: FluentLogin;
  /** Another Fluent credential of this tenant, with these scopes. */
  credential(scopes?: string[]): Promise<{ credentialId: string; login: FluentLogin }>;
  /** fc-connect-sdk's FluentClient configured as its docs say (base URL, OAuth, retailer). */
  client(overrides?: Partial<FluentClientConfig>): FluentClient;
}

export async function setup(
  engine: Engine,
  opts: { accessSeconds?: number; development?: boolean } = {},
): Promise<Env> {
  const t = await createTestDb(engine);
  let offset = 0;
  const dialect = createFluentDialect({ accessSeconds: opts.accessSeconds ?? 3600 });
  const core = createCore(t.db, { clock: () => Date.now() + offset, dialects: [dialect] });
  const handler = createDialectHandler(
    dialect,
    { core, log: silentLogger, development: opts.development ?? false },
    { root: "/fluent" },
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    t,
    core,
    ctx: (x) => ({
      tenantId: x.tenantId,
      actor: { dialect: "fluent", credentialId: x.credentialId },
    }),
    advance: (s) => {
      offset += s * 1000;
    },
    baseUrl: `http://127.0.0.1:${port}/fluent`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      });
      await t.dispose();
    },
  };
}

let n = 0;
export async function tenant(
  env: Env,
  slug = `fluent-${++n}-${Date.now().toString(36)}`,
): Promise<TenantEnv> {
  const r = await createTenant(env.t.db, slug);
  if (!r.ok) throw new Error(r.error.message);
  const credential = async (scopes?: string[]) => {
    // What `cg credentials create --dialect fluent` and tRPC credentials.create run: the
    // definition's login hook answers `login` beside the secret.
    const c = await env.core.credentials.create({ tenant: slug, dialect: "fluent", scopes });
    if (!c.ok) throw new Error(c.error.message);
    return { credentialId: c.value.id, login: c.value.login as unknown as FluentLogin };
  };
  const main = await credential();
  return {
    tenantId: r.value.id,
    slug,
    credentialId: main.credentialId,
    login: main.login,
    credential,
    client: (overrides = {}) =>
      new FluentClient({
        baseUrl: env.baseUrl,
        clientId: main.login.clientId,
        clientSecret: main.login.clientSecret,
        username: main.login.username,
        password: main.login.password,
        retailerId: main.login.retailerId,
        // The SDK's smallest pauses (its defaults wait seconds before retrying a 401 or a 5xx).
        retryConfig: { baseRetryDelayMs: 100, maxAuthRetryDelayMs: 500, maxRetryDelayMs: 1000 },
        ...overrides,
      }),
  };
}

/** A form POST to the token endpoint, as the SDK sends it; `query` puts the same in the URL. */
export async function token(
  env: Env,
  params: Record<string, string>,
  opts: { query?: boolean } = {},
) {
  const form = new URLSearchParams(params);
  const res = await fetch(
    `${env.baseUrl}/oauth/token${opts.query ? `?${form}` : ""}`,
    opts.query
      ? { method: "POST" }
      : {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form,
        },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One raw GraphQL POST with a bearer token. */
export async function gql(
  env: Env,
  accessToken: string | null,
  query: string,
  variables?: unknown,
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const res = await fetch(`${env.baseUrl}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a response tree for assertions
  return { status: res.status, body: (await res.json()) as any };
}

/** A password-grant access token for the tenant's credential. */
export async function accessToken(env: Env, t: Pick<TenantEnv, "login">): Promise<string> {
  const r = await token(env, {
    grant_type: "password",
    client_id: t.login.clientId,
    client_secret: t.login.clientSecret,
    username: t.login.username,
    password: t.login.password,
    scope: "api",
  });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.access_token as string;
}
