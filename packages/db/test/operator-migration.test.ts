import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../src/migrate.ts";
import { createTestDb } from "../src/testing.ts";
import { engines } from "./engines.ts";

const OPERATOR = "20261202020000_operator_scope";

// A database bootstrapped by an earlier version: its first-run credential ("bootstrap", internal,
// tenant "default") held `admin`, which then reached every tenant. The migration grants it
// `operator`, and nothing else.
describe.each(engines)("the operator scope migration on %s", (engine) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cg-before-operator-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  rmSync(path.join(dir, OPERATOR), { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("grants operator to the first-run credential only", async () => {
    const t = await createTestDb(engine, { migrate: false });
    try {
      await migrate(t.db.sql, dir);
      await t.db.sql.transaction((tx) =>
        tx.exec(`
        INSERT INTO tenants (id, slug, name) VALUES ('t_def', 'default', 'Default tenant'),
          ('t_acme', 'acme', 'acme');
        INSERT INTO credentials (id, tenant_id, dialect, name, secret_hash, prefix, scopes, created_at)
        VALUES
          ('cred_boot', 't_def', 'internal', 'bootstrap', 'h1', 'p', '{customers:read,customers:write,admin}', '2026-01-01'),
          ('cred_later', 't_def', 'internal', 'bootstrap', 'h2', 'p', '{admin}', '2026-02-01'),
          ('cred_acme', 't_acme', 'internal', 'bootstrap', 'h3', 'p', '{admin}', '2025-01-01'),
          ('cred_admin', 't_def', 'internal', 'ops', 'h4', 'p', '{admin}', '2025-01-01'),
          ('cred_shop', 't_def', 'shopify', 'bootstrap', 'h5', 'p', '{read_customers}', '2025-01-01');
      `),
      );
      const r = await migrate(t.db.sql);
      expect(r.applied).toEqual([OPERATOR]);
      const rows = await t.db.sql.query<{ id: string; scopes: string[] }>(
        "SELECT id, scopes FROM credentials ORDER BY id",
      );
      expect(Object.fromEntries(rows.map((x) => [x.id, x.scopes]))).toEqual({
        cred_acme: ["admin"],
        cred_admin: ["admin"],
        cred_boot: ["customers:read", "customers:write", "admin", "operator"],
        cred_later: ["admin"],
        cred_shop: ["read_customers"],
      });
    } finally {
      await t.dispose();
    }
  });
});
