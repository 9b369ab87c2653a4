import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCustomers } from "../src/customer-store.ts";
import { CUSTOMER_SCALARS } from "../src/records.ts";
import { createTestDb, type TestDb } from "../src/testing.ts";
import { applyWritePlan, emptyPlan, writeStatement } from "../src/write-plan.ts";
import { engines, markPostgresSkipped } from "./engines.ts";

markPostgresSkipped();

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/**
 * The hot path's two statements are prepared, and PostgreSQL keeps the generic plan it made at
 * their sixth run. These tests make that plan while the tables are tiny, grow the tables, and then
 * read the plan the connection actually kept: every probe must still be an index lookup.
 */
describe.each(engines)(
  "prepared statements planned on young tables stay index lookups once the tables grow, on %s",
  (engine) => {
    let t: TestDb;
    const tenantId = `ten_${randomBytes(4).toString("hex")}`;
    const row = (id: string) => {
      const r: Record<string, unknown> = {};
      for (const col of Object.values(CUSTOMER_SCALARS)) r[col] = null;
      return {
        ...r,
        tags: [],
        tax_exempt: false,
        tax_exemptions: [],
        marketing: {},
        loyalty: {},
        id,
        tenant_id: tenantId,
      };
    };

    // The plans beforeAll writes (each shape of the write statement is prepared on its own).
    const createPlan = (i: number) => {
      const id = `young-${i}`;
      return {
        ...emptyPlan(),
        creates: [{ ...row(id), created_by_dialect: "test", created_by_credential: null }],
        identifierInserts: [
          {
            id: `yi-${i}`,
            tenant_id: tenantId,
            customer_id: id,
            kind: "EMAIL",
            namespace: "",
            value: `y${i}@x.io`,
            primary: true,
            verified: false,
            verified_at: null,
          },
        ],
        events: [
          {
            tenant_id: tenantId,
            customer_id: id,
            dialect: "test",
            credential_id: null,
            result: "CREATED",
            version: 0,
            changes: [],
          },
        ],
      };
    };
    const updatePlan = (id: string) => ({
      ...emptyPlan(),
      updates: [
        {
          ...row(id),
          first_name: "U",
          version: 1,
          updated_by_dialect: "test",
          updated_by_credential: null,
        },
      ],
    });

    beforeAll(async () => {
      // One connection for prepared statements, so that the plans read below are the ones the runs
      // below made (read back through a prepared statement of their own, on that connection).
      t = await createTestDb(engine, { poolSize: 1, preparedPoolSize: 1 });
      const sql = t.db.sql;
      await sql.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $1, 'young')`, [tenantId]);
      for (let i = 0; i < 8; i++) {
        const id = `young-${i}`;
        await applyWritePlan(sql, createPlan(i));
        await applyWritePlan(sql, updatePlan(id));
        await loadCustomers(sql, tenantId, {
          keys: [{ kind: "EMAIL", namespace: "", value: `y${i}@x.io` }],
          ids: [id],
          numbers: [i + 1],
        });
      }
      await sql.query(
        `WITH c AS (INSERT INTO customers (id, tenant_id, created_by_dialect, updated_by_dialect)
         SELECT 'grown-' || g, $1, 'test', 'test' FROM generate_series(1, 20000) g RETURNING id)
       INSERT INTO identifiers (id, tenant_id, customer_id, kind, namespace, value) SELECT 'gi-' || id, $1, id, 'EMAIL', '', id || '@x.io' FROM c`,
        [tenantId],
      );
    }, 120_000);
    afterAll(async () => {
      await t?.dispose();
    });

    let n = 0;
    const plan = async (statement: string) =>
      // On PostgreSQL a name sends it to the prepared statements' connection; PGlite is one session.
      (
        await t.db.sql.query<{ "QUERY PLAN": string }>(
          `EXPLAIN ${statement}`,
          [],
          engine === "postgres" ? `explain_${++n}` : undefined,
        )
      )
        .map((r) => r["QUERY PLAN"])
        .join("\n");

    it("the read (cg_load_customers)", async () => {
      const keys = JSON.stringify([{ kind: "EMAIL", namespace: "", value: "grown-7@x.io" }]);
      const text = await plan(
        `EXECUTE cg_load_customers(${lit(tenantId)}, ${lit(keys)}, ${lit('["grown-9"]')}, ${lit('["5"]')})`,
      );
      expect(text).not.toMatch(/Seq Scan on (customers|identifiers)/);
      expect(text).not.toMatch(/Index Cond: \(tenant_id = \$1\)\n\s+Filter: \(id =/);
    });

    it("the write (its shapes for updates and for creates)", async () => {
      for (const p of [updatePlan("grown-5"), createPlan(100)]) {
        const w = writeStatement(p);
        const text = await plan(`EXECUTE ${w.name}(${w.params.map(lit).join(", ")})`);
        expect(text).not.toMatch(/Seq Scan on (customers|identifiers|addresses)/);
      }
    });
  },
);
