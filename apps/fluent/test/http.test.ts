import { createCredential } from "@cg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, type Env, gql, setup, type TenantEnv, tenant, token } from "./helpers.ts";

// The wire details Fluent's clients rely on, checked over HTTP without the SDK.
describe("Fluent over HTTP", () => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup("pglite");
    t = await tenant(env);
  });
  afterAll(() => env.close());

  const password = () => ({
    grant_type: "password",
    client_id: t.login.clientId,
    client_secret: t.login.clientSecret,
    username: t.login.username,
    password: t.login.password,
    scope: "api",
  });

  it("answers the token as Fluent does, from a form body or the query string", async () => {
    for (const query of [false, true]) {
      const r = await token(env, password(), { query });
      expect(r).toEqual({
        status: 200,
        body: {
          access_token: expect.any(String),
          token_type: "bearer",
          refresh_token: expect.any(String),
          expires_in: 3600,
          scope: "api",
          Retailer_id: "1",
        },
      });
    }
    const cc = await token(env, {
      grant_type: "client_credentials",
      client_id: t.login.clientId,
      client_secret: t.login.clientSecret,
    });
    expect(cc.status).toBe(200);
    expect(cc.body.refresh_token).toBeUndefined();
  });

  it("refresh tokens are single use", async () => {
    const first = await token(env, password());
    const refresh = {
      grant_type: "refresh_token",
      client_id: t.login.clientId,
      client_secret: t.login.clientSecret,
      refresh_token: first.body.refresh_token as string,
    };
    const again = await token(env, refresh);
    expect(again.status).toBe(200);
    expect((await gql(env, again.body.access_token as string, "{ me { ref } }")).body).toEqual({
      data: { me: { ref: t.login.username } },
    });
    expect(await token(env, refresh)).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid refresh token" },
    });
  });

  it("refuses bad logins with OAuth's errors and statuses", async () => {
    const bad = async (p: Record<string, string>) => {
      const r = await token(env, p);
      return [r.status, r.body.error];
    };
    expect(await bad({ ...password(), client_secret: "nope-nope" })).toEqual([
      401,
      "invalid_client",
    ]);
    expect(await bad({ ...password(), client_id: "fc-unknown" })).toEqual([401, "invalid_client"]);
    expect(await bad({ ...password(), password: "wrong-password" })).toEqual([
      400,
      "invalid_grant",
    ]);
    // Another credential's user does not log in with this client.
    const other = await t.credential();
    expect(
      await bad({ ...password(), username: other.login.username, password: other.login.password }),
    ).toEqual([400, "invalid_grant"]);
    expect(await bad({ ...password(), grant_type: "implicit" })).toEqual([
      400,
      "unsupported_grant_type",
    ]);
    expect(await bad({ ...password(), scope: "admin" })).toEqual([400, "invalid_scope"]);
    const { grant_type: _g, ...noGrant } = password();
    expect(await bad(noGrant)).toEqual([400, "invalid_request"]);
  });

  it("a Plain credential's secret is no Fluent token; a missing or garbage token is 401", async () => {
    const plain = await createCredential(env.t.db, { tenant: t.slug, dialect: "plain" });
    if (!plain.ok) throw new Error(plain.error.message);
    for (const bearer of [plain.value.secret, "garbage", null]) {
      const r = await gql(env, bearer, "{ me { ref } }");
      expect(r.status).toBe(401);
      expect(r.body.error).toBe("invalid_token");
    }
  });

  it("answers GraphQL errors with HTTP 200 and Fluent's codes", async () => {
    const at = await accessToken(env, t);
    // Missing variable, wrong type: C0140E.
    const missing = await gql(env, at, "query q($ref: String!) { customer(ref: $ref) { id } }", {});
    expect(missing.status).toBe(200);
    expect(missing.body.errors[0].extensions.code).toBe("C0140E");
    // Longer than Fluent's maximum: C0141E, nothing written.
    const long = await gql(
      env,
      at,
      `mutation { createCustomer(input: { username: "1_long", primaryEmail: "l@example.com", promotionOptIn: false, firstName: "${"x".repeat(51)}", retailer: { id: "1" } }) { id } }`,
    );
    expect(long.status).toBe(200);
    expect(long.body.errors[0]).toMatchObject({
      message: "input.firstName: firstName is too long (maximum is 50 characters)",
      extensions: { code: "C0141E" },
    });
    expect(
      (await gql(env, at, `{ customer(ref: "1_long") { id } }`)).body.data.customer,
    ).toBeNull();
    // An unknown field: graphql's validation message, still 200.
    const unknown = await gql(env, at, '{ customer(ref: "x") { nope } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors[0].message).toContain("nope");
    // Above the complexity cap: C0001E.
    const fields = Array.from(
      { length: 14 },
      (_, i) =>
        `a${i}: customers(first: 5000) { edges { node { id ref username firstName lastName } } }`,
    ).join(" ");
    const complex = await gql(env, at, `{ ${fields} }`);
    expect(complex.status).toBe(200);
    expect(complex.body.errors[0].extensions.code).toBe("C0001E");
  });

  it("a credential without customer:write gets C0020E on createCustomer", async () => {
    const reader = await t.credential(["customer:read"]);
    const at = await accessToken(env, reader);
    const r = await gql(
      env,
      at,
      `mutation { createCustomer(input: { username: "1_nope", primaryEmail: "n@example.com", promotionOptIn: false, retailer: { id: "1" } }) { id } }`,
    );
    expect(r.status).toBe(200);
    expect(r.body.errors[0].extensions.code).toBe("C0020E");
    expect(
      (await gql(env, at, `{ customers { edges { node { id } } } }`)).body.errors,
    ).toBeUndefined();
  });

  it("a body above 2 MB is HTTP 413", async () => {
    const at = await accessToken(env, t);
    const res = await fetch(`${env.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${at}` },
      body: JSON.stringify({ query: "{ me { ref } }", padding: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  it("an unexpected failure is logged and masked", async () => {
    const at = await accessToken(env, t);
    const list = env.core.list;
    env.core.list = async () => {
      throw new Error("secret detail");
    };
    try {
      const r = await gql(env, at, "{ customers { edges { node { id } } } }");
      expect(r.status).toBe(200);
      expect(r.body.errors[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "S0002E" },
      });
      expect(JSON.stringify(r.body)).not.toContain("secret detail");
    } finally {
      env.core.list = list;
    }
  });
});
