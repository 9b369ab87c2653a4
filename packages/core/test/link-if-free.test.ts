import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap, type CallContext, type UpsertInput } from "../src/index.ts";
import { type Env, setup } from "./helpers.ts";

const fallback = (key: string) => ({ namespace: "fluent", key });
const write = (username: string, email: string, phone?: string): UpsertInput => {
  const identifiers = [
    { kind: "USERNAME", value: username },
    { kind: "EMAIL", value: email, ifFree: { fallback: fallback("primaryEmail") } },
    ...(phone
      ? [{ kind: "PHONE", value: phone, ifFree: { fallback: fallback("primaryPhone") } }]
      : []),
  ];
  return {
    lookup: [{ kind: "USERNAME", value: username }],
    onCreate: { identifiers },
    onUpdate: { identifiers },
  };
};

describe.each(testEngines())("identifiers linked if free (%s)", (engine) => {
  let env: Env;
  let ctx: CallContext;
  beforeAll(async () => {
    env = await setup(engine);
    ctx = await env.tenant();
  });
  afterAll(() => env.t.dispose());

  const must = async (input: UpsertInput) => {
    const r = await env.core.upsert(ctx, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const kinds = (c: { identifiers: { kind: string; value: string }[] }) =>
    Object.fromEntries(c.identifiers.map((i) => [i.kind, i.value]));
  const attrs = (c: { attributes: { namespace: string; key: string; value: unknown }[] }) =>
    Object.fromEntries(c.attributes.map((a) => [`${a.namespace}.${a.key}`, a.value]));

  it("links a free, valid value and keeps no fallback text", async () => {
    const a = await must(write("a", "Shared@Example.com"));
    expect(a.result).toBe("CREATED");
    expect(kinds(a.customer)).toEqual({ USERNAME: "a", EMAIL: "shared@example.com" });
    expect(attrs(a.customer)).toEqual({});
    expect(a.changes.some((c) => c.field === "unlinked")).toBe(false);
  });

  it("accepts a value another customer holds, keeps it as text and says so in the event", async () => {
    const b = await must(write("b", "Shared@Example.com"));
    expect(b.result).toBe("CREATED");
    expect(kinds(b.customer)).toEqual({ USERNAME: "b" });
    expect(attrs(b.customer)).toEqual({ "fluent.primaryEmail": "Shared@Example.com" });
    expect(b.changes.find((c) => c.field === "unlinked")?.after).toEqual([
      { kind: "EMAIL", namespace: "", value: "Shared@Example.com", reason: "TAKEN" },
    ]);
    const [event] = await env.core.history(ctx, b.customer.id);
    expect(event?.changes.find((c) => c.field === "unlinked")).toBeDefined();
    // The same write again changes nothing: a NOOP, no event.
    expect((await must(write("b", "Shared@Example.com"))).result).toBe("NOOP");
    expect(await env.core.history(ctx, b.customer.id)).toHaveLength(1);
  });

  it("keeps an invalid value as text instead of failing; a later free value links and drops it", async () => {
    const c = await must(write("c", "not an email", "3333344444"));
    expect(kinds(c.customer)).toEqual({ USERNAME: "c" });
    expect(attrs(c.customer)).toEqual({
      "fluent.primaryEmail": "not an email",
      "fluent.primaryPhone": "3333344444",
    });
    expect(c.changes.find((x) => x.field === "unlinked")?.after).toEqual([
      { kind: "EMAIL", namespace: "", value: "not an email", reason: "INVALID" },
      { kind: "PHONE", namespace: "", value: "3333344444", reason: "INVALID" },
    ]);
    // Read in the tenant's country, the national number is valid and links.
    const d = await must({
      ...write("c", "c@example.com", "(201) 555-0123"),
      defaultCountry: "US",
    });
    expect(d.result).toBe("UPDATED");
    expect(kinds(d.customer)).toEqual({
      USERNAME: "c",
      EMAIL: "c@example.com",
      PHONE: "+12015550123",
    });
    expect(attrs(d.customer)).toEqual({});
  });

  it("an email taken later replaces the customer's own one: it holds none, the text is kept", async () => {
    const e = await must(write("e", "taken@example.com"));
    await must(write("a", "taken-later@example.com"));
    const moved = await must(write("e", "taken-later@example.com"));
    expect(kinds(moved.customer)).toEqual({ USERNAME: "e" });
    expect(attrs(moved.customer)).toEqual({ "fluent.primaryEmail": "taken-later@example.com" });
    expect(moved.customer.id).toBe(e.customer.id);
  });

  it("64 concurrent creates of one taken email: each its own customer, none an error", async () => {
    const rs = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        env.core.upsert(ctx, write(`race${i}`, "race@example.com")),
      ),
    );
    expect(rs.every((r) => r.ok && r.value.result === "CREATED")).toBe(true);
    const linked = rs.filter(
      (r) => r.ok && r.value.customer.identifiers.some((i) => i.kind === "EMAIL"),
    );
    expect(linked).toHaveLength(1);
  });

  it("applies the vendor's tighter length limits to fields and identifiers", async () => {
    const base = write("x".repeat(251), "ok@example.com", "1".repeat(21));
    const r = await env.core.upsert(ctx, {
      lookup: base.lookup,
      onCreate: { ...base.onCreate, firstName: "f".repeat(51) },
      maxLengths: { USERNAME: 250, PHONE: 20, firstName: 50 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fields.map((f) => [f.path.join("."), f.code])).toEqual([
      ["onCreate.firstName", "TOO_LONG"],
      ["onCreate.identifiers.0.value", "TOO_LONG"],
      ["onCreate.identifiers.2.value", "TOO_LONG"],
    ]);
  });
});

describe.each(testEngines())("Fluent retailers (%s)", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.t.dispose());

  it("numbers each tenant's retailers from 1; another tenant's are not found", async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    expect(await env.core.retailers.list(a.tenantId)).toEqual([]);
    expect((await env.core.retailers.first(a.tenantId)).id).toBe(1);
    expect((await env.core.retailers.first(a.tenantId)).id).toBe(1);
    const two = await Promise.all([
      env.core.retailers.create(a.tenantId),
      env.core.retailers.create(a.tenantId),
    ]);
    expect(two.map((r) => r.id).sort()).toEqual([2, 3]);
    expect((await env.core.retailers.create(b.tenantId, "B_ONE")).id).toBe(1);
    expect(await env.core.retailers.get(b.tenantId, 2)).toBeNull();
    expect(await env.core.retailers.get(a.tenantId, 2)).toMatchObject({ id: 2, ref: "RETAILER_2" });
    expect(await env.core.retailers.get(a.tenantId, 99_999_999_999)).toBeNull();
  });
});

describe("bootstrap gives the default tenant retailer 1", () => {
  it("on PGlite", async () => {
    const env = await setup("pglite");
    try {
      await env.t.db.sql.query("DELETE FROM tenants");
      const r = await bootstrap(env.t.db);
      expect(await env.core.retailers.list(r!.tenant.id)).toMatchObject([{ id: 1 }]);
    } finally {
      await env.t.dispose();
    }
  });
});
