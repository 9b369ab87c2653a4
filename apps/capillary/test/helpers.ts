import type { AddressInfo } from "node:net";
import { type Core, type CoreOptions, createCore, silentLogger } from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { capillary, createCapillaryHandler, md5Hex } from "../src/index.ts";

export interface Env {
  t: TestDb;
  core: Core;
  /** http://127.0.0.1:<port>: the standalone paths, over a real socket. */
  url: string;
  /** Moves the core's clock (token expiry). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function setup(
  engine: Engine,
  o: Pick<CoreOptions, "writeAttempts"> = {},
): Promise<Env> {
  const t = await createTestDb(engine);
  let offset = 0;
  const core = createCore(t.db, {
    clock: () => Date.now() + offset,
    dialects: [capillary],
    ...o,
  });
  const handler = createCapillaryHandler(
    { core, log: silentLogger, development: false },
    { root: "" },
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    t,
    core,
    url: `http://127.0.0.1:${port}`,
    advance: (ms) => {
      offset += ms;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    },
  };
}

export interface Login {
  tenantId: string;
  credentialId: string;
  tillCode: string;
  password: string;
  key: string;
  secret: string;
}

let n = 0;
/** A tenant with one Capillary credential and its logins (the definition's hook). */
export async function tenant(
  env: Pick<Env, "t" | "core">,
  o: { scopes?: string[]; defaultCountry?: string } = {},
): Promise<Login> {
  const slug = `cap-${++n}-${Date.now().toString(36)}`;
  const tr = await env.core.tenants.create(slug);
  if (!tr.ok) throw new Error(tr.error.message);
  if (o.defaultCountry)
    await env.core.tenantSettings.update(tr.value.id, { defaultCountry: o.defaultCountry });
  // Through core's credential creation, which runs the definition's login hook.
  const c = await env.core.credentials.create({
    tenant: slug,
    dialect: "capillary",
    scopes: o.scopes,
  });
  if (!c.ok) throw new Error(c.error.message);
  const login = c.value.login ?? {};
  return {
    tenantId: tr.value.id,
    credentialId: c.value.id,
    tillCode: login.tillCode!,
    password: login.password!,
    key: login.key!,
    secret: login.secret!,
  };
}

export type AuthKind = "basic" | "oauth";

/** Headers a Capillary client sends for this login: Basic, or a freshly generated OAuth token. */
export async function authHeaders(
  env: Pick<Env, "url">,
  l: Login,
  kind: AuthKind,
): Promise<Record<string, string>> {
  if (kind === "basic")
    return {
      authorization: `Basic ${Buffer.from(`${l.tillCode}:${md5Hex(l.password)}`).toString("base64")}`,
    };
  const res = await fetch(`${env.url}/v3/oauth/token/generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: l.key, secret: l.secret }),
  });
  const body = (await res.json()) as { data: { accessToken: string; ttlSeconds: number } };
  return { "x-cap-api-oauth-token": body.data.accessToken };
}

// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary response JSON
export type Json = any;

export async function call(
  env: Pick<Env, "url">,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Json }> {
  const init: RequestInit = {
    method,
    headers: {
      accept: "application/json",
      ...(o.body !== undefined || o.raw !== undefined
        ? { "content-type": "application/json;charset=utf-8" }
        : {}),
      ...o.headers,
    },
  };
  if (o.raw !== undefined) init.body = o.raw;
  else if (o.body !== undefined) init.body = JSON.stringify(o.body);
  const res = await fetch(`${env.url}${path}`, init);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

export const BULK = "/v2/integrations/customer/upsert/bulk";

/** A bulk item as Capillary's clients send it. */
export function profile(o: {
  mobile?: string;
  email?: string;
  externalId?: string;
  source?: string;
  accountId?: string;
  firstName?: string;
  lastName?: string;
  extra?: { type: string; value: string }[];
}) {
  const identifiers = [
    ...(o.mobile ? [{ type: "mobile", value: o.mobile }] : []),
    ...(o.email ? [{ type: "email", value: o.email }] : []),
    ...(o.externalId ? [{ type: "externalId", value: o.externalId }] : []),
    ...(o.extra ?? []),
  ];
  return {
    profiles: [
      {
        firstName: o.firstName ?? "Vishal",
        lastName: o.lastName ?? "K",
        identifiers,
        commChannels: o.mobile
          ? [{ type: "mobile", value: o.mobile, primary: true, verified: true }]
          : [],
        source: o.source ?? "WEB_ENGAGE",
        accountId: o.accountId ?? "311c4dd1",
      },
    ],
    extendedFields: { gender: "Male" },
  };
}
