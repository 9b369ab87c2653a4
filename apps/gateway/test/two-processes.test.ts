import { createCredential, createTenant } from "@cg/core";
import { readMigrations } from "@cg/db";
import { createTestDb, testEngines } from "@cg/db/testing";
import { describe, expect, it } from "vitest";
import { spawnGateway } from "./spawn-gateway.ts";

// DESIGN.md: the gateway is stateless, so several processes can share one PostgreSQL and the
// upsert behaves exactly as in one process. Two real processes, both migrating at start-up,
// race 64 upserts of one new email over HTTP.
// Without TEST_DATABASE_URL it is reported as skipped (vitest.setup.ts says why in one line).
const hasPostgres = testEngines().includes("postgres");
describe.skipIf(!hasPostgres)("two gateway processes on one postgres", () => {
  it("64 concurrent upserts of one new email through both → one customer, one CREATED", async () => {
    const t = await createTestDb("postgres", { migrate: false });
    const procs = await Promise.all([
      spawnGateway({ DATABASE_URL: t.url! }),
      spawnGateway({ DATABASE_URL: t.url! }),
    ]);
    try {
      const tenant = await createTenant(t.db, "two");
      if (!tenant.ok) throw new Error(tenant.error.message);
      const cred = await createCredential(t.db, { tenant: "two", dialect: "internal" });
      if (!cred.ok) throw new Error(cred.error.message);
      const results = await Promise.all(
        Array.from({ length: 64 }, async (_, i) => {
          const port = procs[i % 2]!.port;
          const r = await fetch(`http://127.0.0.1:${port}/trpc/customers.upsert`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${cred.value.secret}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({
              lookup: [{ kind: "EMAIL", value: "both@x.io" }],
              onCreate: {
                firstName: `P${i % 3}`,
                identifiers: [{ kind: "EMAIL", value: "both@x.io" }],
              },
              onUpdate: { firstName: `P${i % 3}` },
            }),
          });
          expect(r.status).toBe(200);
          return ((await r.json()) as { result: { data: { result: string } } }).result.data.result;
        }),
      );
      expect(results.filter((r) => r === "CREATED")).toHaveLength(1);
      const [row] = await t.db.sql.query<{ customers: string; events: string }>(
        "SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events",
      );
      expect(Number(row!.customers)).toBe(1);
      expect(Number(row!.events)).toBe(1 + results.filter((r) => r === "UPDATED").length);
      const [m] = await t.db.sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM "_prisma_migrations"`,
      );
      // Each migration applied once, though both processes migrated at start-up.
      expect(Number(m!.n)).toBe(readMigrations().length);
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await t.dispose();
    }
  });
});
