import { type Core, createCore } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "../src/index.ts";

type Caller = ReturnType<typeof createCaller>;

/** The tRPC code a call fails with ("ok" when it succeeds). */
async function code(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

// #16: `admin` manages its own tenant; `operator` (the first-run credential) manages every tenant.
describe.each(testEngines())("tenant-scoped admin on %s", (engine) => {
  let t: TestDb;
  let core: Core;
  let adminA: Caller;
  let adminB: Caller;
  let operator: Caller;
  let operatorId: string;
  let credA: string;
  let tenantAId: string;
  const as = async (tenant: string, scopes: string[]) => {
    const c = await core.credentials.create({ tenant, dialect: "internal", scopes });
    if (!c.ok) throw new Error(c.error.message);
    const p = await core.authenticate(c.value.secret);
    return { caller: createCaller(createContextInner({ core, principal: p })), id: c.value.id };
  };
  const ADMIN = ["customers:read", "customers:write", "admin"];

  beforeAll(async () => {
    t = await createTestDb(engine);
    core = createCore(t.db);
    await core.tenants.create("default");
    const boot = await core.credentials.create({
      tenant: "default",
      dialect: "internal",
      scopes: [...ADMIN, "operator"],
    });
    if (!boot.ok) throw new Error(boot.error.message);
    operator = createCaller(
      createContextInner({ core, principal: await core.authenticate(boot.value.secret) }),
    );
    operatorId = boot.value.id;
    const a = await core.tenants.create("tenant-a");
    if (!a.ok) throw new Error("tenant-a");
    tenantAId = a.value.id;
    await core.tenants.create("tenant-b");
    adminA = (await as("tenant-a", ADMIN)).caller;
    adminB = (await as("tenant-b", ADMIN)).caller;
    credA = (await as("tenant-a", ["customers:read"])).id;
    await core.stores.create({ tenant: "tenant-a", code: "store_a" });
  });
  afterAll(() => t.dispose());

  it("tenant B's admin is refused on tenant A: credentials, stores, tenants", async () => {
    // Naming another tenant: FORBIDDEN whether it exists or not (so existence does not leak).
    expect(await code(() => adminB.credentials.list({ tenant: "tenant-a" }))).toBe("FORBIDDEN");
    expect(await code(() => adminB.credentials.list({ tenant: tenantAId }))).toBe("FORBIDDEN");
    expect(await code(() => adminB.credentials.list({ tenant: "no-such" }))).toBe("FORBIDDEN");
    expect(
      await code(() => adminB.credentials.create({ tenant: "tenant-a", dialect: "shopify" })),
    ).toBe("FORBIDDEN");
    expect(
      await code(() => adminB.credentials.create({ tenant: "no-such", dialect: "shopify" })),
    ).toBe("FORBIDDEN");
    // Another tenant's credential is one B cannot find.
    expect(await code(() => adminB.credentials.revoke({ id: credA }))).toBe("NOT_FOUND");
    expect((await core.credentials.find(credA))?.revokedAt).toBeNull();
    expect(await code(() => adminB.stores.list({ tenant: "tenant-a" }))).toBe("FORBIDDEN");
    expect(await code(() => adminB.stores.create({ tenant: "tenant-a", code: "b_in_a" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await code(() => adminB.stores.update({ code: "store_a", config: { hijacked: true } })),
    ).toBe("NOT_FOUND");
    expect((await core.stores.resolve("store_a"))?.config).toEqual({});
    expect(await code(() => adminB.tenants.create({ slug: "tenant-c" }))).toBe("FORBIDDEN");
    expect((await adminB.tenants.list()).map((x) => x.slug)).toEqual(["tenant-b"]);
    // Without a tenant named, an admin's lists are its own tenant's only.
    const listed = await adminB.credentials.list();
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map((c) => c.tenantSlug))).toEqual(new Set(["tenant-b"]));
    expect(await adminB.stores.list()).toEqual([]);
  });

  it("tenant B's admin works on B", async () => {
    const shop = await adminB.credentials.create({ tenant: "tenant-b", dialect: "shopify" });
    expect(shop.tenantSlug).toBe("tenant-b");
    const inner = await adminB.credentials.create({
      tenant: "tenant-b",
      dialect: "internal",
      scopes: ["customers:read"],
    });
    expect((await adminB.credentials.list({ tenant: "tenant-b" })).map((c) => c.id)).toEqual(
      expect.arrayContaining([shop.id, inner.id]),
    );
    expect((await adminB.credentials.revoke({ id: shop.id })).revokedAt).not.toBeNull();
    expect((await adminB.stores.create({ tenant: "tenant-b", code: "store_b" })).tenantSlug).toBe(
      "tenant-b",
    );
    expect((await adminB.stores.update({ code: "store_b", version: "2.4.8" })).version).toBe(
      "2.4.8",
    );
    expect((await adminB.stores.list()).map((s) => s.code)).toEqual(["store_b"]);
  });

  it("an admin cannot mint operator or scopes beyond its own, nor revoke wider ones", async () => {
    expect(
      await code(() =>
        adminA.credentials.create({
          tenant: "tenant-a",
          dialect: "internal",
          scopes: ["operator"],
        }),
      ),
    ).toBe("FORBIDDEN");
    const readOnlyAdmin = (await as("tenant-a", ["admin"])).caller;
    // The internal defaults (customers:read, customers:write) are beyond an admin-only credential.
    expect(
      await code(() =>
        readOnlyAdmin.credentials.create({ tenant: "tenant-a", dialect: "internal" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await code(() =>
        readOnlyAdmin.credentials.create({
          tenant: "tenant-a",
          dialect: "internal",
          scopes: ["admin"],
        }),
      ),
    ).toBe("ok");
    const wider = (await as("tenant-a", ADMIN)).id;
    expect(await code(() => readOnlyAdmin.credentials.revoke({ id: wider }))).toBe("FORBIDDEN");
    expect(await code(() => adminA.credentials.revoke({ id: wider }))).toBe("ok");
    // The default tenant's admin cannot take the operator credential away.
    const defaultAdmin = (await as("default", ADMIN)).caller;
    expect(await code(() => defaultAdmin.credentials.revoke({ id: operatorId }))).toBe("FORBIDDEN");
    expect(await code(() => defaultAdmin.tenants.create({ slug: "nope" }))).toBe("FORBIDDEN");
  });

  it("the operator manages every tenant and may mint operators", async () => {
    expect((await operator.tenants.list()).map((x) => x.slug)).toEqual(
      expect.arrayContaining(["default", "tenant-a", "tenant-b"]),
    );
    expect((await operator.tenants.create({ slug: "tenant-c" })).slug).toBe("tenant-c");
    const inA = await operator.credentials.create({ tenant: "tenant-a", dialect: "plain" });
    const inB = await operator.credentials.create({ tenant: "tenant-b", dialect: "fluent" });
    expect([inA.tenantSlug, inB.tenantSlug]).toEqual(["tenant-a", "tenant-b"]);
    const all = new Set((await operator.credentials.list()).map((c) => c.tenantSlug));
    expect(all).toEqual(new Set(["default", "tenant-a", "tenant-b"]));
    expect((await operator.credentials.list({ tenant: "tenant-a" })).map((c) => c.id)).toContain(
      inA.id,
    );
    expect((await operator.credentials.revoke({ id: inB.id })).revokedAt).not.toBeNull();
    expect((await operator.stores.list()).map((s) => s.code)).toEqual(
      expect.arrayContaining(["store_a", "store_b"]),
    );
    expect((await operator.stores.update({ code: "store_a", version: "2.4.7" })).version).toBe(
      "2.4.7",
    );
    const op2 = await operator.credentials.create({
      tenant: "default",
      dialect: "internal",
      scopes: ["operator"],
    });
    expect(op2.scopes).toEqual(["operator"]);
  });
});
