import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, createCredential, hashSecret, verifySecret } from "../src/index.ts";
import { type Env, setup } from "./helpers.ts";

describe("secret hashing", () => {
  it("verifies the secret it was made from and nothing else", async () => {
    const h = await hashSecret("pässword-1");
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifySecret("pässword-1", h)).toBe(true);
    expect(await verifySecret("pässword-2", h)).toBe(false);
    expect(await verifySecret("pässword-1", "garbage")).toBe(false);
    expect(await hashSecret("x")).not.toBe(await hashSecret("x"));
  });
});

describe.each(testEngines())("tokens and logins (%s)", (engine) => {
  let env: Env;
  let now = Date.parse("2026-12-01T00:00:00Z");
  let core: ReturnType<typeof createCore>;
  let credentialId: string;
  let tenantSlug: string;
  beforeAll(async () => {
    env = await setup(engine);
    core = createCore(env.t.db, { clock: () => now });
    const slug = (await env.t.db.prisma.tenant.findUnique({ where: { id: env.ctx.tenantId } }))!
      .slug;
    tenantSlug = slug;
    const c = await createCredential(env.t.db, { tenant: slug, dialect: "fluent" });
    if (!c.ok) throw new Error(c.error.message);
    credentialId = c.value.id;
  });
  afterAll(() => env.t.dispose());

  it("issues a token that verifies as its kind until it expires", async () => {
    const { token, expiresAt } = await core.tokens.issue({
      kind: "test.access",
      tenantId: env.ctx.tenantId,
      credentialId,
      scopes: ["a"],
      ttlSeconds: 60,
    });
    expect(expiresAt.getTime()).toBe(now + 60_000);
    const g = await core.tokens.verify("test.access", token);
    expect(g).toMatchObject({ credentialId, dialect: "fluent", scopes: ["a"], tenantSlug });
    expect(core.tokens.principalOf(g!)).toMatchObject({ credentialId, dialect: "fluent" });
    expect(await core.tokens.verify("test.refresh", token)).toBeNull();
    expect(await core.tokens.verify("test.access", `${token}x`)).toBeNull();
    now += 61_000;
    expect(await core.tokens.verify("test.access", token)).toBeNull();
  });

  it("consumes a single-use token once, even when two race for it", async () => {
    const { token } = await core.tokens.issue({
      kind: "test.refresh",
      tenantId: env.ctx.tenantId,
      credentialId,
      ttlSeconds: 60,
    });
    const [a, b] = await Promise.all([
      core.tokens.consume("test.refresh", token),
      core.tokens.consume("test.refresh", token),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await core.tokens.consume("test.refresh", token)).toBeNull();
  });

  it("revokes by token, by customer-less credential, and with the credential", async () => {
    const one = await core.tokens.issue({
      kind: "test.access",
      tenantId: env.ctx.tenantId,
      credentialId,
      ttlSeconds: 60,
    });
    const two = await core.tokens.issue({
      kind: "test.access",
      tenantId: env.ctx.tenantId,
      credentialId,
      ttlSeconds: 60,
    });
    expect(await core.tokens.revoke({ credentialId, exceptToken: two.token })).toBeGreaterThan(0);
    expect(await core.tokens.verify("test.access", one.token)).toBeNull();
    expect(await core.tokens.verify("test.access", two.token)).not.toBeNull();
    await env.t.db.prisma.credential.update({
      where: { id: credentialId },
      data: { revokedAt: new Date() },
    });
    now += 3000; // past the verification cache
    expect(await core.tokens.verify("test.access", two.token)).toBeNull();
    await env.t.db.prisma.credential.update({
      where: { id: credentialId },
      data: { revokedAt: null },
    });
  });

  it("verifies a login's secret with the slow hash and follows revocation", async () => {
    await core.tokens.logins.create({
      credentialId,
      kind: "test.user",
      login: "till-1",
      secret: "s3cret-password",
    });
    expect(await core.tokens.logins.verify("test.user", "till-1", "s3cret-password")).toMatchObject(
      { credentialId, tenantSlug },
    );
    expect(await core.tokens.logins.verify("test.user", "till-1", "wrong")).toBeNull();
    expect(await core.tokens.logins.verify("test.other", "till-1", "s3cret-password")).toBeNull();
    await env.t.db.prisma.credential.update({
      where: { id: credentialId },
      data: { revokedAt: new Date() },
    });
    expect(await core.tokens.logins.verify("test.user", "till-1", "s3cret-password")).toBeNull();
  });
});
