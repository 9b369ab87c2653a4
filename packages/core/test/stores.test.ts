import { createTestDb, testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bootstrap,
  checkPassword,
  createCore,
  findCountry,
  findRegion,
  findRegionById,
  PasswordRule,
} from "../src/index.ts";
import { type Env, setup } from "./helpers.ts";

describe("password rules and country data", () => {
  it("names the first rule broken", () => {
    const p = { minLength: 8, maxLength: 256, requiredClasses: 3 };
    expect(checkPassword("Ab1!", p)).toBe(PasswordRule.TOO_SHORT);
    expect(checkPassword(`Ab1!${"x".repeat(253)}`, p)).toBe(PasswordRule.TOO_LONG);
    expect(checkPassword(" Abcdef1", p)).toBe(PasswordRule.EDGE_SPACE);
    expect(checkPassword("abcdefgh1", p)).toBe(PasswordRule.TOO_FEW_CLASSES);
    expect(checkPassword("A.b1@x.io", p, "a.B1@X.io")).toBe(PasswordRule.SAME_AS_EMAIL);
    expect(checkPassword("b0bl0bl@w", p)).toBeNull();
  });
  it("finds countries and regions by code, name and id", () => {
    expect(findCountry("us")?.name).toBe("United States");
    const tx = findRegion("US", "tx");
    expect(tx?.name).toBe("Texas");
    expect(findRegion("US", "Texas")?.id).toBe(tx?.id);
    expect(findRegionById(tx!.id)).toMatchObject({
      country: { code: "US" },
      region: { code: "TX" },
    });
    expect(findRegion("DK", "84")?.code).toBe("84");
    expect(findRegion("US", "Atlantis")).toBeNull();
  });
});

describe.each(testEngines())("stores and sign-in throttling (%s)", (engine) => {
  let env: Env;
  let now = Date.parse("2026-12-01T00:00:00Z");
  let core: ReturnType<typeof createCore>;
  let slug: string;
  beforeAll(async () => {
    env = await setup(engine);
    core = createCore(env.t.db, { clock: () => now });
    slug = (await env.t.db.prisma.tenant.findUnique({ where: { id: env.ctx.tenantId } }))!.slug;
  });
  afterAll(() => env.t.dispose());

  it("a tenant owns store codes: unique across tenants, Magento's code rule, versions", async () => {
    const s = await core.stores.create({
      tenant: slug,
      code: "acme_en",
      config: { locale: "en_GB" },
    });
    expect(s.ok && s.value).toMatchObject({ code: "acme_en", version: "2.4.9", tenantSlug: slug });
    const again = await core.stores.create({ tenant: slug, code: "acme_en" });
    expect(!again.ok && again.error.kind).toBe("ALREADY_EXISTS");
    const bad = await core.stores.create({ tenant: slug, code: "9-bad", version: "2.3.0" });
    expect(!bad.ok && bad.error.fields.map((f) => f.path[0])).toEqual(["code", "version"]);
    const none = await core.stores.create({ tenant: "nobody", code: "x_store" });
    expect(!none.ok && none.error.kind).toBe("NOT_FOUND");
    expect((await core.stores.resolve("acme_en"))?.config).toEqual({ locale: "en_GB" });
    const up = await core.stores.update("acme_en", { version: "2.4.7" });
    expect(up.ok && up.value.version).toBe("2.4.7");
    expect((await core.stores.resolve("acme_en"))?.version).toBe("2.4.7");
    expect(await core.stores.resolve("unknown_code")).toBeNull();
    expect((await core.stores.list(slug)).map((x) => x.code)).toEqual(["acme_en"]);
  });

  it("counts failures per login, locks at the limit, forgets after the lock or a success", async () => {
    const k = { tenantId: env.ctx.tenantId, kind: "magento.customer", login: "a@x.io" };
    const rule = { maxFailures: 3, lockSeconds: 60 };
    await Promise.all([core.signIns.failed(k, rule), core.signIns.failed(k, rule)]);
    expect(await core.signIns.lockedUntil(k)).toBeNull();
    expect(await core.signIns.failed(k, rule)).toEqual(new Date(now + 60_000));
    expect(await core.signIns.lockedUntil(k)).toEqual(new Date(now + 60_000));
    // Another kind is another counter (Magento: the token throttler beside the account lockout).
    expect(await core.signIns.lockedUntil({ ...k, kind: "magento.token" })).toBeNull();
    now += 61_000;
    expect(await core.signIns.lockedUntil(k)).toBeNull();
    expect(await core.signIns.failed(k, rule)).toBeNull();
    expect(await core.signIns.lockedUntil(k)).toBeNull();
    await core.signIns.succeeded(k);
    await core.signIns.failed(k, rule);
    await core.signIns.failed(k, rule);
    expect(await core.signIns.lockedUntil(k)).toBeNull();
    // Concurrent checks share one statement; each answers for its own key.
    const other = { ...k, login: "b@x.io" };
    await Promise.all([1, 2, 3].map(() => core.signIns.failed(other, rule)));
    expect(
      await Promise.all([
        core.signIns.lockedUntil(other),
        core.signIns.lockedUntil(k),
        core.signIns.lockedUntil({ ...other, tenantId: "t_other" }),
        core.signIns.lockedUntil(other),
      ]),
    ).toEqual([new Date(now + 60_000), null, null, new Date(now + 60_000)]);
  });

  it("bootstrap gives the default tenant the store code `default`", async () => {
    const fresh = await createTestDb(engine);
    try {
      const b = await bootstrap(fresh.db);
      expect(b?.tenant.slug).toBe("default");
      const d = await createCore(fresh.db).stores.resolve("default");
      expect(d?.tenantId).toBe(b?.tenant.id);
    } finally {
      await fresh.dispose();
    }
  });
});
