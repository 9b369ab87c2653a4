import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerFilter, UpsertInput } from "../src/index.ts";
import { counts, type Env, setup } from "./helpers.ts";

const byEmail = (email: string, patch: UpsertInput["onCreate"] = {}): UpsertInput => ({
  lookup: [{ kind: "EMAIL", value: email }],
  onCreate: { ...patch, identifiers: [{ kind: "EMAIL", value: email }] },
  onUpdate: patch,
});

describe.each(testEngines())("core.upsert on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(async () => {
    await env.t.dispose();
  });

  it("creates, then NOOPs, then UPDATEs only when a stored value changes", async () => {
    const ctx = await env.tenant();
    const a = await env.core.upsert(ctx, byEmail(" Ann@Example.COM ", { firstName: "Ann" }));
    expect(a.ok && a.value.result).toBe("CREATED");
    if (!a.ok) return;
    expect(a.value.customer.identifiers.map((i) => i.value)).toEqual(["ann@example.com"]);
    expect(a.value.customer.version).toBe(1);
    expect(typeof a.value.customer.number).toBe("number");

    const b = await env.core.upsert(ctx, byEmail("ann@example.com", { firstName: "Ann" }));
    expect(b.ok && b.value.result).toBe("NOOP");
    if (!b.ok) return;
    expect(b.value.customer.version).toBe(1);
    expect(b.value.customer.updatedAt).toBe(a.value.customer.updatedAt);

    const c = await env.core.upsert(ctx, byEmail("ann@example.com", { lastName: "Lee" }));
    expect(c.ok && c.value.result).toBe("UPDATED");
    if (!c.ok) return;
    expect(c.value.customer).toMatchObject({ firstName: "Ann", lastName: "Lee", version: 2 });
    expect(c.value.changes).toEqual([{ field: "lastName", before: null, after: "Lee" }]);

    const history = await env.core.history(ctx, a.value.customer.id);
    expect(history.map((e) => [e.result, e.version])).toEqual([
      ["CREATED", 1],
      ["UPDATED", 2],
    ]);
    expect(await counts(env.t, ctx.tenantId)).toEqual({ customers: 1, events: 2, identifiers: 1 });
  });

  it("stores quotes, backslashes and SQL-looking text verbatim", async () => {
    const ctx = await env.tenant();
    const note = `O'Brien said "hi" \\ back\\slash '); DROP TABLE customers; -- \u0041 ${"\n"}`;
    const a = await env.core.upsert(ctx, byEmail("quote@x.io", { lastName: "O'Brien", note }));
    if (!a.ok) throw new Error(a.error.message);
    const stored = await env.core.get(ctx, a.value.customer.id);
    expect(stored).toMatchObject({ lastName: "O'Brien", note });
    const again = await env.core.upsert(ctx, byEmail("quote@x.io", { lastName: "O'Brien", note }));
    expect(again.ok && again.value.result).toBe("NOOP");
  });

  it("NOOP leaves version, updatedAt and the event log untouched", async () => {
    const ctx = await env.tenant();
    const a = await env.core.upsert(
      ctx,
      byEmail("noop@x.io", { firstName: "N", tags: ["a", "b"] }),
    );
    if (!a.ok) throw new Error("create failed");
    const before = await env.core.get(ctx, a.value.customer.id);
    for (let i = 0; i < 3; i++) {
      const r = await env.core.upsert(
        ctx,
        byEmail("NOOP@x.io", { firstName: "N", tags: ["a", "b"] }),
      );
      expect(r.ok && r.value.result).toBe("NOOP");
    }
    const after = await env.core.get(ctx, a.value.customer.id);
    expect(after).toEqual(before);
    expect((await env.core.history(ctx, a.value.customer.id)).length).toBe(1);
  });

  it("absent leaves a field alone, null clears it, lists replace or merge as asked", async () => {
    const ctx = await env.tenant();
    await env.core.upsert(ctx, byEmail("p@x.io", { firstName: "P", note: "hello", tags: ["a"] }));
    const r1 = await env.core.upsert(ctx, byEmail("p@x.io", { note: null }));
    expect(r1.ok && r1.value.customer).toMatchObject({ firstName: "P", note: null, tags: ["a"] });
    const r2 = await env.core.upsert(ctx, {
      ...byEmail("p@x.io", { tags: ["b"] }),
      lists: { tags: "merge" },
    });
    expect(r2.ok && r2.value.customer.tags).toEqual(["a", "b"]);
    const r3 = await env.core.upsert(ctx, byEmail("p@x.io", { tags: ["c"] }));
    expect(r3.ok && r3.value.customer.tags).toEqual(["c"]);
    const r4 = await env.core.upsert(ctx, byEmail("p@x.io", { tags: null }));
    expect(r4.ok && r4.value.customer.tags).toEqual([]);
  });

  it("identifiers owned by two customers → CONFLICT, nothing written", async () => {
    const ctx = await env.tenant();
    await env.core.upsert(ctx, byEmail("one@x.io"));
    await env.core.upsert(ctx, {
      lookup: [{ kind: "PHONE", value: "+14155550123" }],
      onCreate: { identifiers: [{ kind: "PHONE", value: "+14155550123" }] },
    });
    const before = await counts(env.t, ctx.tenantId);
    const r = await env.core.upsert(ctx, {
      lookup: [
        { kind: "EMAIL", value: "one@x.io" },
        { kind: "PHONE", value: "+1 415 555 0123" },
      ],
      onUpdate: { firstName: "Merged?" },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("CONFLICT");
    expect(r.error.customerIds).toHaveLength(2);
    expect(await counts(env.t, ctx.tenantId)).toEqual(before);
  });

  it("create-only → ALREADY_EXISTS; update-only → NOT_FOUND; taken identifier → TAKEN", async () => {
    const ctx = await env.tenant();
    await env.core.upsert(ctx, byEmail("a@x.io"));
    await env.core.upsert(ctx, byEmail("b@x.io"));
    const before = await counts(env.t, ctx.tenantId);
    const c = await env.core.upsert(ctx, { ...byEmail("a@x.io"), mode: "create" });
    expect(!c.ok && c.error.kind).toBe("ALREADY_EXISTS");
    const u = await env.core.upsert(ctx, { ...byEmail("zz@x.io"), mode: "update" });
    expect(!u.ok && u.error.kind).toBe("NOT_FOUND");
    const t = await env.core.upsert(ctx, {
      lookup: [{ kind: "EMAIL", value: "a@x.io" }],
      onUpdate: { identifiers: [{ kind: "EMAIL", value: "B@x.io", path: ["input", "email"] }] },
    });
    expect(t.ok).toBe(false);
    if (t.ok) return;
    expect(t.error.kind).toBe("VALIDATION");
    expect(t.error.fields).toEqual([
      expect.objectContaining({ path: ["input", "email"], code: "TAKEN", identifierKind: "EMAIL" }),
    ]);
    expect(await counts(env.t, ctx.tenantId)).toEqual(before);
  });

  it("validates with field paths and codes", async () => {
    const ctx = await env.tenant();
    const r = await env.core.upsert(ctx, {
      lookup: [{ kind: "EMAIL", value: "not-an-email" }],
      onCreate: {
        firstName: "x".repeat(300),
        identifiers: [{ kind: "PHONE", value: "12" }],
        dateOfBirth: "1990-13-45",
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.error.fields.map((f) => [f.path.join("."), f.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["lookup.0", "INVALID"],
        ["onCreate.firstName", "TOO_LONG"],
        ["onCreate.identifiers.0.value", "INVALID"],
        ["onCreate.dateOfBirth", "INVALID"],
      ]),
    );
    expect((await counts(env.t, ctx.tenantId)).customers).toBe(0);
  });

  it("64 concurrent upserts of one new email → one customer, one CREATED, no error", async () => {
    const ctx = await env.tenant();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        env.core.upsert(ctx, byEmail("race@x.io", { firstName: i % 2 ? "Odd" : "Even" })),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const kinds = results.map((r) => (r.ok ? r.value.result : "ERR"));
    expect(kinds.filter((k) => k === "CREATED")).toHaveLength(1);
    expect(kinds.every((k) => k === "CREATED" || k === "UPDATED" || k === "NOOP")).toBe(true);
    const c = await counts(env.t, ctx.tenantId);
    expect(c.customers).toBe(1);
    expect(c.identifiers).toBe(1);
    expect(c.events).toBe(1 + kinds.filter((k) => k === "UPDATED").length);
  });

  it("upsertMany: a failed item leaves the others written", async () => {
    const ctx = await env.tenant();
    const items: UpsertInput[] = [
      byEmail("m1@x.io", { firstName: "A" }),
      byEmail("bad", { firstName: "B" }),
      byEmail("m3@x.io", { firstName: "C" }),
      byEmail("m1@x.io", { firstName: "A2" }),
    ];
    const r = await env.core.upsertMany(ctx, items);
    expect(r.map((x) => (x.ok ? x.value.result : x.error.kind))).toEqual([
      "CREATED",
      "VALIDATION",
      "CREATED",
      "UPDATED",
    ]);
    expect(await counts(env.t, ctx.tenantId)).toEqual({ customers: 2, events: 3, identifiers: 2 });
  });

  it("upsertMany keeps input order for items that share a key, across parallel bins", async () => {
    const ctx = await env.tenant();
    // 40 items: i and i+20 name the same customer (one spelled in upper case); 40 ≥ 32 → two bins.
    const items = Array.from({ length: 40 }, (_, i) =>
      byEmail(i < 20 ? `o${i}@x.io` : `O${i - 20}@X.IO`, {
        firstName: i < 20 ? "first" : "second",
      }),
    );
    const r = await env.core.upsertMany(ctx, items);
    expect(r.map((x) => (x.ok ? x.value.result : x.error.kind))).toEqual([
      ...Array(20).fill("CREATED"),
      ...Array(20).fill("UPDATED"),
    ]);
    const one = await env.core.lookup(ctx, { kind: "EMAIL", value: "o7@x.io" });
    expect(one.ok && one.value?.firstName).toBe("second");
    expect(await counts(env.t, ctx.tenantId)).toEqual({
      customers: 20,
      events: 40,
      identifiers: 20,
    });
  });

  it("idempotency: same key + same payload → stored result; different payload → error", async () => {
    const ctx = await env.tenant();
    const input = { ...byEmail("idem@x.io", { firstName: "I" }), idempotencyKey: "k1" };
    const a = await env.core.upsert(ctx, input);
    const b = await env.core.upsert(ctx, input);
    expect(a.ok && a.value.result).toBe("CREATED");
    expect(b.ok && b.value.result).toBe("CREATED");
    expect(b.ok && a.ok && b.value.customer.id).toBe(a.ok && a.value.customer.id);
    const c = await env.core.upsert(ctx, {
      ...byEmail("idem@x.io", { firstName: "J" }),
      idempotencyKey: "k1",
    });
    expect(!c.ok && c.error.kind).toBe("IDEMPOTENCY_MISMATCH");
    expect((await counts(env.t, ctx.tenantId)).events).toBe(1);
  });

  it("tenants never see each other's customers", async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const r = await env.core.upsert(a, byEmail("same@x.io", { firstName: "A" }));
    const s = await env.core.upsert(b, byEmail("same@x.io", { firstName: "B" }));
    expect(r.ok && r.value.result).toBe("CREATED");
    expect(s.ok && s.value.result).toBe("CREATED");
    if (!r.ok) return;
    expect(await env.core.get(b, r.value.customer.id)).toBeNull();
    const l = await env.core.lookup(b, { kind: "EMAIL", value: "same@x.io" });
    expect(l.ok && l.value?.firstName).toBe("B");
  });

  it("addresses are replaced wholesale, unchanged ones keep their id", async () => {
    const ctx = await env.tenant();
    const home = { address1: "1 Main St", city: "Springfield", countryCode: "US", zip: "12345" };
    const work = { address1: "2 Work Rd", city: "Shelbyville", countryCode: "US" };
    const a = await env.core.upsert(ctx, byEmail("addr@x.io", { addresses: [home, work] }));
    if (!a.ok) throw new Error(a.error.message);
    const [h, w] = a.value.customer.addresses;
    expect(h!.isDefault).toBe(true);
    expect(h!.number).toBeGreaterThan(0);
    const b = await env.core.upsert(
      ctx,
      byEmail("addr@x.io", { addresses: [work, { address1: "3 New Ave" }] }),
    );
    if (!b.ok) throw new Error(b.error.message);
    expect(b.value.customer.addresses.map((x) => x.address1)).toEqual(["2 Work Rd", "3 New Ave"]);
    expect(b.value.customer.addresses[0]!.id).toBe(w!.id);
    expect((await env.core.get(ctx, a.value.customer.id))?.addresses.map((x) => x.id)).toEqual(
      b.value.customer.addresses.map((x) => x.id),
    );
    const c = await env.core.upsert(
      ctx,
      byEmail("addr@x.io", { addresses: [work, { address1: "3 New Ave" }] }),
    );
    expect(c.ok && c.value.result).toBe("NOOP");
  });

  it("an address named by id or number is updated in place (same id and number)", async () => {
    const ctx = await env.tenant();
    const a = await env.core.upsert(
      ctx,
      byEmail("inplace@x.io", {
        addresses: [{ address1: "1 Old Rd", city: "A" }, { address1: "9 Other St" }],
      }),
    );
    if (!a.ok) throw new Error(a.error.message);
    const [first, second] = a.value.customer.addresses;
    const b = await env.core.upsert(
      ctx,
      byEmail("inplace@x.io", {
        addresses: [
          { id: first!.id, address1: "1 Old Rd", city: "B" },
          { number: second!.number, address1: "9 Other St", zip: "123" },
        ],
      }),
    );
    if (!b.ok) throw new Error(b.error.message);
    expect(b.value.result).toBe("UPDATED");
    expect(b.value.customer.addresses.map((x) => [x.id, x.number, x.city, x.zip])).toEqual([
      [first!.id, first!.number, "B", null],
      [second!.id, second!.number, null, "123"],
    ]);
    expect(
      (await env.core.get(ctx, a.value.customer.id))?.addresses.map((x) => [x.id, x.city, x.zip]),
    ).toEqual([
      [first!.id, "B", null],
      [second!.id, null, "123"],
    ]);
  });

  it("delete removes the customer and records DELETED", async () => {
    const ctx = await env.tenant();
    const a = await env.core.upsert(ctx, byEmail("del@x.io"));
    if (!a.ok) throw new Error("create");
    const d = await env.core.delete(ctx, { kind: "ID", value: a.value.customer.id });
    expect(d.ok).toBe(true);
    expect(await env.core.get(ctx, a.value.customer.id)).toBeNull();
    expect((await env.core.history(ctx, a.value.customer.id)).map((e) => e.result)).toEqual([
      "CREATED",
      "DELETED",
    ]);
    const again = await env.core.delete(ctx, { kind: "ID", value: a.value.customer.id });
    expect(!again.ok && again.error.kind).toBe("NOT_FOUND");
  });

  it("lists with cursor pagination and filters", async () => {
    const ctx = await env.tenant();
    await env.core.upsertMany(
      ctx,
      Array.from({ length: 7 }, (_, i) =>
        byEmail(`l${i}@x.io`, { firstName: `L${i}`, tags: i % 2 ? ["odd"] : ["even"] }),
      ),
    );
    const p1 = await env.core.list(ctx, { first: 3 });
    if (!p1.ok) throw new Error("list");
    expect(p1.value.items).toHaveLength(3);
    expect(p1.value.hasNextPage).toBe(true);
    expect(p1.value.totalCount).toBe(7);
    const p2 = await env.core.list(ctx, { first: 3, after: p1.value.items.at(-1)!.cursor });
    const p3 = p2.ok
      ? await env.core.list(ctx, { first: 3, after: p2.value.items.at(-1)!.cursor })
      : p2;
    if (!p2.ok || !p3.ok) throw new Error("list");
    expect(p3.value.items).toHaveLength(1);
    expect(p3.value.hasNextPage).toBe(false);
    const all = [...p1.value.items, ...p2.value.items, ...p3.value.items].map(
      (x) => x.customer.firstName,
    );
    expect(new Set(all).size).toBe(7);
    const back = await env.core.list(ctx, { last: 2, before: p3.value.items[0]!.cursor });
    expect(back.ok && back.value.items.map((x) => x.customer.firstName)).toEqual(
      p2.value.items.slice(1).map((x) => x.customer.firstName),
    );
    const odd = await env.core.list(ctx, { first: 10, tags: ["odd"] });
    expect(odd.ok && odd.value.items.length).toBe(3);
    const bad = await env.core.list(ctx, { first: 1000 });
    expect(!bad.ok && bad.error.kind).toBe("VALIDATION");
  });

  it("lists with a boolean filter: all / any / not (null fields count as not matching), identifiers, fields, tags, addresses, consent, numbers", async () => {
    const ctx = await env.tenant();
    await env.core.upsertMany(ctx, [
      byEmail("ann@shop.io", {
        firstName: "Ann",
        tags: ["VIP"],
        addresses: [{ country: "Canada", countryCode: "CA" }],
        marketing: { email: { state: "SUBSCRIBED" } },
      }),
      byEmail("bob@mail.io", { firstName: "Bob", tags: ["vip", "b2b"] }),
      byEmail("cy@shop.io", { tags: [] }),
    ]);
    const names = async (where: CustomerFilter) => {
      const r = await env.core.list(ctx, { first: 10, sort: "number", where });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.totalCount).toBe(r.value.items.length);
      return r.value.items.map((i) => i.customer.identifiers[0]!.value.split("@")[0]);
    };
    expect(await names({ all: [] })).toEqual(["ann", "bob", "cy"]);
    expect(await names({ any: [] })).toEqual([]);
    expect(await names({ tag: "vip" })).toEqual(["ann", "bob"]);
    expect(await names({ not: { field: "firstName", match: { equals: "ann" } } })).toEqual([
      "bob",
      "cy",
    ]);
    expect(await names({ field: "firstName", match: { present: true } })).toEqual(["ann", "bob"]);
    expect(await names({ field: "firstName", match: { prefix: "b" } })).toEqual(["bob"]);
    expect(
      await names({
        any: [{ identifier: { kind: "EMAIL", match: { contains: "shop.io" } } }, { tag: "b2b" }],
      }),
    ).toEqual(["ann", "bob", "cy"]);
    expect(
      await names({
        all: [
          { identifier: { kind: "EMAIL", match: { contains: "shop.io" } } },
          { not: { tag: "vip" } },
        ],
      }),
    ).toEqual(["cy"]);
    expect(
      await names({
        identifier: { kind: "EMAIL", namespace: "", match: { equals: "bob@mail.io" } },
      }),
    ).toEqual(["bob"]);
    expect(await names({ identifier: { kind: "PHONE", match: { present: true } } })).toEqual([]);
    expect(await names({ addressCountry: "ca" })).toEqual(["ann"]);
    expect(await names({ addressCountry: "canada" })).toEqual(["ann"]);
    expect(await names({ marketingSubscribed: { channel: "email", subscribed: true } })).toEqual([
      "ann",
    ]);
    expect(await names({ marketingSubscribed: { channel: "email", subscribed: false } })).toEqual([
      "bob",
      "cy",
    ]);
    const first = await env.core.list(ctx, { first: 1, sort: "number" });
    const n = first.ok ? first.value.items[0]!.customer.number : 0;
    expect(await names({ number: { op: ">", value: n } })).toEqual(["bob", "cy"]);
    expect(await names({ time: "createdAt", op: "<", value: "2000-01-01T00:00:00Z" })).toEqual([]);
    expect(await names({ text: "BO" })).toEqual(["bob"]);
  });

  it("plans against the caller's current customer, and reads it after all when it moved", async () => {
    const ctx = await env.tenant();
    const a = await env.core.upsert(ctx, byEmail("cur@example.com", { firstName: "Ann" }));
    if (!a.ok) throw new Error("create failed");
    const id = a.value.customer.id;
    const byId = (patch: UpsertInput["onUpdate"]): UpsertInput => ({
      mode: "update",
      lookup: [{ kind: "ID", value: id }],
      onUpdate: patch,
    });
    const read = await env.core.get(ctx, id);
    if (!read) throw new Error("not found");
    // As read: planned against it, written with its version.
    const b = await env.core.upsert(ctx, byId({ lastName: "Lee" }), { current: read });
    expect(b.ok && b.value.result).toBe("UPDATED");
    expect(b.ok && b.value.customer).toMatchObject({
      firstName: "Ann",
      lastName: "Lee",
      version: 2,
    });
    // `read` is stale now (version 1): the write finds the version moved, reads, plans again.
    const c = await env.core.upsert(ctx, byId({ firstName: "Bo" }), { current: read });
    expect(c.ok && c.value.result).toBe("UPDATED");
    expect(c.ok && c.value.customer).toMatchObject({
      firstName: "Bo",
      lastName: "Lee",
      version: 3,
    });
    expect(c.ok && c.value.changes).toEqual([{ field: "firstName", before: "Ann", after: "Bo" }]);
    // Concurrent calls with the same (soon stale) current keep their order: the last one wins.
    const now = await env.core.get(ctx, id);
    const many = await Promise.all(
      ["X", "Y", "Bo", "Z"].map((f) =>
        env.core.upsert(ctx, byId({ firstName: f }), { current: now! }),
      ),
    );
    expect(many.map((r) => r.ok && r.value.result)).toEqual([
      "UPDATED",
      "UPDATED",
      "UPDATED",
      "UPDATED",
    ]);
    expect((await env.core.get(ctx, id))?.firstName).toBe("Z");
    // A change that writes an identifier is read as before (TAKEN is found by the read).
    await env.core.upsert(ctx, byEmail("other@example.com"));
    const stale = await env.core.get(ctx, id);
    const d = await env.core.upsert(
      ctx,
      byId({ identifiers: [{ kind: "EMAIL", value: "other@example.com" }] }),
      { current: stale! },
    );
    expect(!d.ok && d.error.kind).toBe("VALIDATION");
  });

  it("serves concurrent gets in one read per tenant, each its own tenant's customer", async () => {
    const [t1, t2] = [await env.tenant(), await env.tenant()];
    const a = await env.core.upsert(t1, byEmail("g1@example.com", { firstName: "One" }));
    const b = await env.core.upsert(t2, byEmail("g2@example.com", { firstName: "Two" }));
    if (!a.ok || !b.ok) throw new Error("create failed");
    const [x, y, z, none] = await Promise.all([
      env.core.get(t1, a.value.customer.id),
      env.core.get(t2, b.value.customer.id),
      env.core.get(t2, a.value.customer.id), // another tenant's customer
      env.core.get(t1, "cus_missing"),
    ]);
    expect([x?.firstName, y?.firstName, z, none]).toEqual(["One", "Two", null, null]);
  });
});
