import { createDb } from "@cg/db";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore, createTenant, type UpsertInput } from "../src/index.ts";
import { counts } from "./helpers.ts";

const byEmail = (email: string, firstName: string): UpsertInput => ({
  lookup: [{ kind: "EMAIL", value: email }],
  onCreate: { firstName, identifiers: [{ kind: "EMAIL", value: email }] },
  onUpdate: { firstName },
});

// Each core batches its own callers; two cores (two pools on PostgreSQL, as two gateway
// processes would have) only meet in the database, so these races are settled by its unique
// index and the version check, not by the in-process batcher.
describe.each(testEngines())("races between independent writers on %s", (engine) => {
  let t: TestDb;
  let a: Core;
  let b: Core;
  let closeSecond: () => Promise<void> = async () => {};
  beforeAll(async () => {
    t = await createTestDb(engine);
    a = createCore(t.db, { maxInFlight: 8 });
    if (engine === "postgres") {
      const second = createDb({ url: t.url!, poolSize: 16 });
      closeSecond = () => second.close();
      b = createCore(second, { maxInFlight: 8 });
    } else b = createCore(t.db, { maxInFlight: 8 });
  });
  afterAll(async () => {
    await closeSecond();
    await t.dispose();
  });

  it("64 concurrent upserts of one new email from two writers → one customer, one CREATED", async () => {
    const r = await createTenant(t.db, `race-${engine}`);
    if (!r.ok) throw new Error(r.error.message);
    const ctx = { tenantId: r.value.id, actor: { dialect: "internal", credentialId: null } };
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        (i % 2 ? a : b).upsert(ctx, byEmail("two@x.io", `N${i % 4}`)),
      ),
    );
    const kinds = results.map((x) => (x.ok ? x.value.result : x.error.kind));
    expect(kinds.filter((k) => k === "CREATED")).toHaveLength(1);
    expect(kinds.every((k) => k === "CREATED" || k === "UPDATED" || k === "NOOP")).toBe(true);
    const c = await counts(t, ctx.tenantId);
    expect(c.customers).toBe(1);
    expect(c.events).toBe(1 + kinds.filter((k) => k === "UPDATED").length);
    // The version equals the number of effective changes: no lost update.
    const only = results.find((x) => x.ok)!;
    const stored = only.ok ? await a.get(ctx, only.value.customer.id) : null;
    expect(stored?.version).toBe(c.events);
  });

  it("concurrent updates of one customer lose nothing: every UPDATED bumps the version once", async () => {
    const r = await createTenant(t.db, `race2-${engine}`);
    if (!r.ok) throw new Error(r.error.message);
    const ctx = { tenantId: r.value.id, actor: { dialect: "internal", credentialId: null } };
    await a.upsert(ctx, byEmail("v@x.io", "start"));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).upsert(ctx, {
          lookup: [{ kind: "EMAIL", value: "v@x.io" }],
          onUpdate: { tags: [`t${i}`] },
        }),
      ),
    );
    expect(results.every((x) => x.ok && x.value.result === "UPDATED")).toBe(true);
    const c = await counts(t, ctx.tenantId);
    expect(c.events).toBe(41);
    const found = await a.lookup(ctx, { kind: "EMAIL", value: "v@x.io" });
    expect(found.ok && found.value?.version).toBe(41);
  });

  it("upsertMany batches racing on shared emails create each customer once", async () => {
    const r = await createTenant(t.db, `race3-${engine}`);
    if (!r.ok) throw new Error(r.error.message);
    const ctx = { tenantId: r.value.id, actor: { dialect: "internal", credentialId: null } };
    const batch = (w: string) => Array.from({ length: 50 }, (_, i) => byEmail(`m${i}@x.io`, w));
    const [x, y] = await Promise.all([
      a.upsertMany(ctx, batch("A")),
      b.upsertMany(ctx, batch("B")),
    ]);
    const all = [...x, ...y];
    expect(all.every((o) => o.ok)).toBe(true);
    expect(all.filter((o) => o.ok && o.value.result === "CREATED")).toHaveLength(50);
    expect((await counts(t, ctx.tenantId)).customers).toBe(50);
  });
});

describe.each(testEngines())("tenant creation races on %s", (engine) => {
  it("two concurrent creates of one slug → one tenant, the other ALREADY_EXISTS (no throw)", async () => {
    const t = await createTestDb(engine);
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => createTenant(t.db, "same-slug")),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.kind)).toEqual(
        Array(7).fill("ALREADY_EXISTS"),
      );
    } finally {
      await t.dispose();
    }
  });
});

describe.each(testEngines())("customer group creation on %s", (engine) => {
  it("concurrent creates of one key → one group, others ALREADY_EXISTS; a taken externalId → ALREADY_EXISTS", async () => {
    const t = await createTestDb(engine);
    try {
      const tenant = await createTenant(t.db, "groups");
      if (!tenant.ok) throw new Error(tenant.error.message);
      const core = createCore(t.db);
      const ctx = { tenantId: tenant.value.id };
      const results = await Promise.all(
        Array.from({ length: 6 }, () => core.groups.create(ctx, { key: "vip", name: "VIP" })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.kind)).toEqual(
        Array(5).fill("ALREADY_EXISTS"),
      );
      await core.groups.create(ctx, { key: "a", name: "A", externalId: "ext" });
      const dup = await core.groups.create(ctx, { key: "b", name: "B", externalId: "ext" });
      expect(!dup.ok && dup.error.kind).toBe("ALREADY_EXISTS");
    } finally {
      await t.dispose();
    }
  });
});
