import { revokeCredential } from "@cg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../src/index.ts";
import { type Env, gql, setup, type TenantEnv, tenant, UPSERT, upsertInput } from "./helpers.ts";

// Transport, auth and GraphQL hardening: engine-independent, so PGlite only.
describe("Plain endpoint over HTTP", () => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup("pglite");
    t = await tenant(env);
  });
  afterAll(async () => {
    await env.close();
  });

  const count = async (secret = t.secret) =>
    (await gql(env, secret, "{ customers { totalCount } }")).json.data?.customers
      ?.totalCount as unknown as number;

  it("unauthenticated → HTTP 401 UNAUTHENTICATED: no key, unknown key, revoked key, another dialect's key", async () => {
    const revoked = await t.key(["customer:read"]);
    const creds = await env.core.authenticate(revoked);
    await revokeCredential(env.t.db, creds!.credentialId);
    for (const secret of [null, "cg_plain_unknown", revoked, await t.key([], "other")]) {
      const r = await gql(env, secret, "{ customers { totalCount } }");
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }],
      });
    }
  });

  it("mutation errors are data with HTTP 200; query permission errors are FORBIDDEN with HTTP 403", async () => {
    const readOnly = await t.key(["customer:read"]);
    const m = await gql(env, readOnly, UPSERT, { input: upsertInput("perm@x.io") });
    expect(m.status).toBe(200);
    expect(m.json.data?.upsertCustomer).toEqual({
      result: null,
      customer: null,
      error: {
        __typename: "MutationError",
        message: 'Insufficient permissions, missing "customer:create", "customer:edit".',
        type: "FORBIDDEN",
        code: "forbidden",
        fields: [],
      },
    });
    const q = await gql(
      env,
      await t.key(["customer:create"]),
      `{ customer(customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV") { id } }`,
    );
    expect(q.status).toBe(403);
    expect(q.json.errors?.[0]).toMatchObject({
      message: 'Insufficient permissions, missing "customer:read".',
      extensions: { code: "FORBIDDEN" },
      path: ["customer"],
    });
  });

  it("memberships need customerGroupMembership:read, groups customerGroup:read (nested: HTTP 200, error on the field)", async () => {
    const created = await gql(env, t.secret, UPSERT, { input: upsertInput("nested@x.io") });
    const id = created.json.data?.upsertCustomer?.customer?.id as unknown as string;
    const q = `query($id: ID!) { customer(customerId: $id) { id customerGroupMemberships { edges { cursor } } } }`;
    const r = await gql(env, await t.key(["customer:read"]), q, { id });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ customer: null });
    expect(r.json.errors?.[0]).toMatchObject({
      message: 'Insufficient permissions, missing "customerGroupMembership:read".',
      path: ["customer", "customerGroupMemberships"],
      extensions: { code: "FORBIDDEN" },
    });
    const allowed = await gql(
      env,
      await t.key(["customer:read", "customerGroupMembership:read"]),
      q,
      { id },
    );
    expect(allowed.json).toEqual({
      data: { customer: { id, customerGroupMemberships: { edges: [] } } },
    });
  });

  it("malformed GraphQL → 400 GRAPHQL_PARSE_FAILED; unknown fields → 400 GRAPHQL_VALIDATION_FAILED", async () => {
    const p = await gql(env, t.secret, "{ customers { totalCount ");
    expect(p.status).toBe(400);
    expect(p.json.errors).toEqual([
      {
        message: expect.stringContaining("Syntax Error"),
        locations: [expect.any(Object)],
        extensions: { code: "GRAPHQL_PARSE_FAILED" },
      },
    ]);
    const v = await gql(env, t.secret, "{ customerz { totalCount } }");
    expect(v.status).toBe(400);
    expect(v.json.errors?.[0]).toMatchObject({
      locations: [expect.any(Object)],
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    // Suggestions are hidden outside development.
    expect(v.json.errors?.[0]?.message).not.toContain("Did you mean");
  });

  it("bodies that are not a GraphQL request → 400 with Plain's codes, no parser internals", async () => {
    const cases: [string, string][] = [
      ["{not json", "GRAPHQL_PARSE_FAILED"],
      ["", "GRAPHQL_PARSE_FAILED"],
      ["{}", "BAD_USER_INPUT"],
      ['{"query": 5}', "BAD_USER_INPUT"],
      ['{"query":"{ customers { totalCount } }","variables":"x"}', "BAD_USER_INPUT"],
    ];
    for (const [body, code] of cases) {
      const r = await gql(env, t.secret, "", undefined, { body });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
    }
  });

  it("wrong variable types → 400 BAD_USER_INPUT, nothing written", async () => {
    const before = await count();
    const r = await gql(env, t.secret, UPSERT, {
      input: { ...upsertInput("types@x.io"), onCreate: { fullName: 42, email: "types@x.io" } },
    });
    expect(r.status).toBe(400);
    expect(r.json.data).toBeUndefined();
    expect(r.json.errors?.length).toBeGreaterThan(0);
    for (const e of r.json.errors ?? []) expect(e.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await count()).toBe(before);
  });

  it("oversize input: a body over the limit → 400 BAD_USER_INPUT before parsing; nothing written", async () => {
    const before = await count();
    const input = upsertInput("big@x.io", { fullName: "x".repeat(MAX_BODY_BYTES) });
    const r = await gql(env, t.secret, UPSERT, { input });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      errors: [
        { message: expect.stringContaining("larger than"), extensions: { code: "BAD_USER_INPUT" } },
      ],
    });
    expect(await count()).toBe(before);
  });

  it("aliases multiply mutations: 10 aliased upserts run, 11 are rejected whole", async () => {
    const doc = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `u${i}: upsertCustomer(input: { identifier: { emailAddress: "alias${n}-${i}@x.io" }, onCreate: { fullName: "A", email: { email: "alias${n}-${i}@x.io", isVerified: false } }, onUpdate: {} }) { result }`).join(" ")} }`;
    const before = await count();
    const ok = await gql(env, t.secret, doc(10));
    expect(ok.status).toBe(200);
    expect(Object.values(ok.json.data ?? {}).map((v) => v.result as unknown as string)).toEqual(
      Array(10).fill("CREATED"),
    );
    const tooMany = await gql(env, t.secret, doc(11));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors?.[0]).toMatchObject({
      message: expect.stringContaining("Mutation cost 1100"),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    expect(await count()).toBe(before + 10);
  });

  it("alias, token and cost limits reject oversized queries with GRAPHQL_VALIDATION_FAILED", async () => {
    const aliases = await gql(
      env,
      t.secret,
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: customers { totalCount }`).join(" ")} }`,
    );
    expect(aliases.status).toBe(400);
    expect(aliases.json.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const tokens = await gql(env, t.secret, `{ customers { ${"totalCount ".repeat(2500)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.json.errors?.[0]?.message).toContain("Token limit");
    // Fragments keep the document small; armor counts every spread at its depth.
    const fragment = `fragment F on Customer { id fullName email { email verifiedAt { iso8601 } } customerGroupMemberships { edges { node { customerGroup { id name key color createdAt { iso8601 unixTimestamp } } } } } }`;
    const cost = await gql(
      env,
      t.secret,
      `{ ${Array.from({ length: 15 }, (_, i) => `c${i}: customers { edges { node { ...F ...F ...F ...F } } }`).join(" ")} } ${fragment}`,
    );
    expect(cost.status).toBe(400);
    expect(cost.json.errors?.[0]).toMatchObject({
      message: expect.stringContaining("Cost limit"),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("batching is off and mutations need POST", async () => {
    const batch = await gql(env, t.secret, "", undefined, {
      body: JSON.stringify([
        { query: "{ customers { totalCount } }" },
        { query: "{ customers { totalCount } }" },
      ]),
    });
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(batch.json).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "BAD_USER_INPUT" } }],
    });
    const get = await env.handler(
      new Request(
        `http://localhost/graphql/v1?query=${encodeURIComponent('mutation { deleteCustomer(input: { customerId: "c_x" }) { error { code } } }')}`,
        {
          headers: { authorization: `Bearer ${t.secret}` },
        },
      ),
    );
    expect(get.status).toBe(405);
    expect(
      ((await get.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions
        .code,
    ).toBe("BAD_USER_INPUT");
  });

  it("introspection is off outside development", async () => {
    const r = await gql(env, t.secret, "{ __schema { queryType { name } } }");
    expect(r.json.data?.__schema).toBeUndefined();
    expect(r.json.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const page = await env.handler(
      new Request("http://localhost/graphql/v1", { headers: { accept: "text/html" } }),
    );
    expect(page.headers.get("content-type") ?? "").not.toContain("text/html");
  });

  it("in development, introspection and GraphiQL are available", async () => {
    const dev = env.kit.handlerWith({ development: true });
    const page = await dev(
      new Request("http://localhost/graphql/v1", { headers: { accept: "text/html" } }),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const r = await gql({ ...env, handler: dev }, t.secret, "{ __schema { queryType { name } } }");
    expect(r.json.data?.__schema).toEqual({ queryType: { name: "Query" } });
  });

  it("unexpected failures are masked: INTERNAL_SERVER_ERROR, HTTP 500, no details leak", async () => {
    const broken = {
      ...env.core,
      get: async () => Promise.reject(new Error("connection to db-7.internal refused")),
    } as typeof env.core;
    const handler = env.kit.handlerWith({ core: broken });
    const r = await gql(
      { ...env, handler },
      t.secret,
      `{ customer(customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV") { id } }`,
    );
    expect(r.status).toBe(500);
    expect(r.json.errors).toEqual([
      {
        message: "Internal server error",
        locations: [expect.any(Object)],
        path: ["customer"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    expect(r.text).not.toContain("db-7");
    // Development shows the cause.
    const dev = env.kit.handlerWith({ core: broken, development: true });
    const d = await gql(
      { ...env, handler: dev },
      t.secret,
      `{ customer(customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV") { id } }`,
    );
    expect(d.json.errors?.[0]?.extensions).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      originalError: { message: "connection to db-7.internal refused" },
    });
  });

  it("answers at the gateway's mount path when told to, and only there", async () => {
    const mounted = env.kit.handlerWith({ root: "/plain" });
    const ok = await gql(
      { ...env, handler: mounted },
      t.secret,
      "{ customers { totalCount } }",
      undefined,
      { path: "/plain/graphql/v1" },
    );
    expect(ok.status).toBe(200);
    expect(typeof ok.json.data?.customers?.totalCount).toBe("number");
    const elsewhere = await mounted(
      new Request("http://localhost/graphql/v1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(elsewhere.status).toBe(404);
  });
});
