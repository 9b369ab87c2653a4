import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCustomers, loadEvents } from "../src/customer-store.ts";
import { CUSTOMER_SCALARS } from "../src/records.ts";
import { isUniqueViolation, type Sql } from "../src/sql.ts";
import { createTestDb, type TestDb } from "../src/testing.ts";
import { applyWritePlan, emptyPlan, type WritePlan } from "../src/write-plan.ts";
import { engines, markPostgresSkipped } from "./engines.ts";

const id = (p: string) => `${p}_${randomBytes(6).toString("hex")}`;

/** A full scalar row: applyWritePlan writes every column in CUSTOMER_SCALARS. */
function scalars(over: Record<string, unknown> = {}): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const col of Object.values(CUSTOMER_SCALARS)) row[col] = null;
  return {
    ...row,
    tags: [],
    tax_exempt: false,
    tax_exemptions: [],
    marketing: {},
    loyalty: {},
    ...over,
  };
}

const email = (tenantId: string, customerId: string, value: string) => ({
  id: id("idf"),
  tenant_id: tenantId,
  customer_id: customerId,
  kind: "EMAIL",
  namespace: "",
  value,
  primary: true,
  verified: false,
  verified_at: null,
});

const event = (tenantId: string, customerId: string, result: string, changes: unknown[] = []) => ({
  tenant_id: tenantId,
  customer_id: customerId,
  dialect: "test",
  credential_id: null,
  result,
  version: 0,
  changes,
});

function plan(parts: Partial<WritePlan>): WritePlan {
  return { ...emptyPlan(), ...parts };
}

/** Counts the statements applyWritePlan sends. */
function counting(sql: Sql) {
  const seen = { queries: 0, transactions: 0 };
  const wrapped: Sql = {
    engine: sql.engine,
    // Forwards every argument (e.g. a prepared-statement name) unchanged.
    query: ((...args: Parameters<Sql["query"]>) => {
      seen.queries++;
      return sql.query(...args);
    }) as Sql["query"],
    transaction: (fn) => {
      seen.transactions++;
      return sql.transaction(fn);
    },
  };
  return { sql: wrapped, seen };
}

markPostgresSkipped();

describe.each(engines)("customer store (applyWritePlan / loadCustomers) on %s", (engine) => {
  let t: TestDb;
  let sql: Sql;
  let tenantId: string;
  const count = async (q: string, params: unknown[]) =>
    Number((await sql.query<{ n: string }>(q, params))[0]!.n);

  beforeAll(async () => {
    t = await createTestDb(engine);
    sql = t.db.sql;
    tenantId = id("ten");
    await sql.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $1, 'Store test')`, [
      tenantId,
    ]);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function create(value: string, over: Record<string, unknown> = {}) {
    const customerId = id("cus");
    const out = await applyWritePlan(
      sql,
      plan({
        creates: [
          {
            id: customerId,
            tenant_id: tenantId,
            ...scalars(over),
            created_by_dialect: "test",
            created_by_credential: null,
          },
        ],
        identifierInserts: [email(tenantId, customerId, value)],
        events: [event(tenantId, customerId, "CREATED")],
      }),
    );
    return { customerId, out };
  }

  it.runIf(engine === "postgres")(
    "every pooled PostgreSQL session has JIT off (the planner's estimates on a grown table crossed jit_above_cost and compiled a 5 ms read for 45 ms)",
    async () => {
      const rows = await Promise.all(
        Array.from({ length: 4 }, () => sql.query<{ jit: string }>("SHOW jit")),
      );
      expect(rows.map((r) => r[0]!.jit)).toEqual(["off", "off", "off", "off"]);
    },
  );

  it("a create writes customer, identifier and event in one statement, and loads back", async () => {
    const customerId = id("cus");
    const counter = counting(sql);
    const out = await applyWritePlan(
      counter.sql,
      plan({
        creates: [
          {
            id: customerId,
            tenant_id: tenantId,
            ...scalars({
              first_name: "Ann",
              tags: ["vip", "b2b"],
              marketing: { email: { state: "SUBSCRIBED" } },
              tax_exempt: true,
            }),
            created_by_dialect: "test",
            created_by_credential: null,
          },
        ],
        identifierInserts: [email(tenantId, customerId, "ann@example.com")],
        events: [
          event(tenantId, customerId, "CREATED", [
            { field: "firstName", before: null, after: "Ann" },
          ]),
        ],
      }),
    );
    expect(counter.seen).toEqual({ queries: 1, transactions: 0 });

    const written = out.customers.get(customerId);
    expect(written).toMatchObject({ version: 1, number: expect.any(Number) });
    expect(written!.number).toBeGreaterThan(0);
    expect(written!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(written!.updatedAt).toBe(written!.createdAt);

    const byEmail = await loadCustomers(sql, tenantId, {
      keys: [{ kind: "EMAIL", namespace: "", value: "ann@example.com" }],
    });
    expect(byEmail).toHaveLength(1);
    expect(byEmail[0]).toMatchObject({
      id: customerId,
      number: written!.number,
      tenantId,
      firstName: "Ann",
      lastName: null,
      tags: ["vip", "b2b"],
      taxExempt: true,
      taxExemptions: [],
      marketing: { email: { state: "SUBSCRIBED" } },
      version: 1,
      createdAt: written!.createdAt,
      createdBy: { dialect: "test", credentialId: null },
      identifiers: [
        {
          kind: "EMAIL",
          namespace: "",
          value: "ann@example.com",
          primary: true,
          verified: false,
          verifiedAt: null,
        },
      ],
      addresses: [],
      attributes: [],
      groups: [],
    });
    expect(await loadCustomers(sql, tenantId, { ids: [customerId] })).toEqual(byEmail);
    expect(await loadCustomers(sql, tenantId, { numbers: [written!.number!] })).toEqual(byEmail);
    // Tenant isolation: another tenant sees nothing.
    expect(await loadCustomers(sql, id("other"), { ids: [customerId] })).toEqual([]);
    expect(await loadCustomers(sql, id("other"), { numbers: [written!.number!] })).toEqual([]);
    expect(
      await loadCustomers(sql, id("other"), {
        keys: [{ kind: "EMAIL", namespace: "", value: "ann@example.com" }],
      }),
    ).toEqual([]);

    const events = await loadEvents(sql, tenantId, customerId, { limit: 10 });
    expect(events).toEqual([
      expect.objectContaining({
        customerId,
        result: "CREATED",
        version: 1,
        dialect: "test",
        changes: [{ field: "firstName", before: null, after: "Ann" }],
      }),
    ]);
  });

  it("an update with a stale version writes nothing and is absent from the outcome", async () => {
    const { customerId } = await create("stale@example.com", { first_name: "Old" });
    const update = (version: number, firstName: string) =>
      plan({
        updates: [
          {
            id: customerId,
            tenant_id: tenantId,
            version,
            ...scalars({ first_name: firstName }),
            updated_by_dialect: "test",
            updated_by_credential: null,
          },
        ],
        identifierInserts: [
          {
            ...email(tenantId, customerId, `${firstName.toLowerCase()}-alias@example.com`),
            primary: false,
          },
        ],
        events: [
          event(tenantId, customerId, "UPDATED", [
            { field: "firstName", before: "?", after: firstName },
          ]),
        ],
      });

    const fresh = await applyWritePlan(sql, update(1, "New"));
    expect(fresh.customers.get(customerId)).toMatchObject({ version: 2 });
    const [after] = await loadCustomers(sql, tenantId, { ids: [customerId] });
    expect(after).toMatchObject({ firstName: "New", version: 2 });

    const stale = await applyWritePlan(sql, update(1, "Stale"));
    expect(stale.customers.size).toBe(0);
    expect(stale.customers.has(customerId)).toBe(false);
    expect(await loadCustomers(sql, tenantId, { ids: [customerId] })).toEqual([after]);
    expect(
      (await loadEvents(sql, tenantId, customerId, { limit: 10 })).map((e) => [
        e.result,
        e.version,
      ]),
    ).toEqual([
      ["CREATED", 1],
      ["UPDATED", 2],
    ]);
    // The stale plan's identifier was not written either: only the create's and the fresh update's.
    const identifiers = await sql.query<{ value: string }>(
      `SELECT value FROM identifiers WHERE customer_id = $1 ORDER BY value`,
      [customerId],
    );
    expect(identifiers.map((r) => r.value)).toEqual(["new-alias@example.com", "stale@example.com"]);
  });

  it("a unique violation on identifiers rolls back the whole statement", async () => {
    const { customerId: ownerId } = await create("taken@example.com");
    const before = await count(`SELECT count(*) AS n FROM customers WHERE tenant_id = $1`, [
      tenantId,
    ]);
    const eventsBefore = await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [
      tenantId,
    ]);

    const ok = id("cus");
    const clash = id("cus");
    const row = (cid: string) => ({
      id: cid,
      tenant_id: tenantId,
      ...scalars(),
      created_by_dialect: "test",
      created_by_credential: null,
    });
    const err = await applyWritePlan(
      sql,
      plan({
        creates: [row(ok), row(clash)],
        identifierInserts: [
          email(tenantId, ok, "fine@example.com"),
          email(tenantId, clash, "taken@example.com"),
        ],
        events: [event(tenantId, ok, "CREATED"), event(tenantId, clash, "CREATED")],
      }),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(isUniqueViolation(err)).toBe(true);

    // Neither customer, nor the other identifier, nor any event is left behind.
    expect(await loadCustomers(sql, tenantId, { ids: [ok, clash] })).toEqual([]);
    expect(
      await count(`SELECT count(*) AS n FROM customers WHERE tenant_id = $1`, [tenantId]),
    ).toBe(before);
    expect(
      await count(`SELECT count(*) AS n FROM identifiers WHERE value = 'fine@example.com'`, []),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [tenantId])).toBe(
      eventsBefore,
    );
    // The owner of the identifier is untouched.
    const owner = await loadCustomers(sql, tenantId, {
      keys: [{ kind: "EMAIL", namespace: "", value: "taken@example.com" }],
    });
    expect(owner.map((c) => [c.id, c.version])).toEqual([[ownerId, 1]]);
  });

  it("a guessed create whose identifier is held is left out, the rest written", async () => {
    const { customerId: ownerId } = await create("held@example.com");
    const ok = id("cus");
    const clash = id("cus");
    const row = (cid: string) => ({
      id: cid,
      tenant_id: tenantId,
      ...scalars(),
      created_by_dialect: "test",
      created_by_credential: null,
    });
    const out = await applyWritePlan(
      sql,
      plan({
        creates: [row(ok), row(clash)],
        identifierInserts: [
          email(tenantId, ok, "guess-fine@example.com"),
          email(tenantId, clash, "held@example.com"),
          email(tenantId, clash, "guess-other@example.com"),
        ],
        events: [event(tenantId, ok, "CREATED"), event(tenantId, clash, "CREATED")],
        guessedCreates: [ok, clash],
      }),
    );
    expect([...out.customers.keys()]).toEqual([ok]);
    expect((await loadCustomers(sql, tenantId, { ids: [ok, clash] })).map((c) => c.id)).toEqual([
      ok,
    ]);
    // Nothing of the left-out create: no identifier, no event.
    expect(
      await count(
        `SELECT count(*) AS n FROM identifiers WHERE value = 'guess-other@example.com'`,
        [],
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM events WHERE customer_id = $1`, [clash])).toBe(0);
    const owner = await loadCustomers(sql, tenantId, {
      keys: [{ kind: "EMAIL", namespace: "", value: "held@example.com" }],
    });
    expect(owner.map((c) => [c.id, c.version])).toEqual([[ownerId, 1]]);
  });
});
