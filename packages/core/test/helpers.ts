import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { type CallContext, type Core, createCore, createTenant } from "../src/index.ts";

export interface Env {
  t: TestDb;
  core: Core;
  ctx: CallContext;
  tenant(slug?: string): Promise<CallContext>;
}

let n = 0;
export async function setup(engine: Engine): Promise<Env> {
  const t = await createTestDb(engine);
  const core = createCore(t.db);
  const tenant = async (slug = `t${++n}-${Date.now().toString(36)}`) => {
    const r = await createTenant(t.db, slug);
    if (!r.ok) throw new Error(r.error.message);
    return { tenantId: r.value.id, actor: { dialect: "internal", credentialId: null } };
  };
  return { t, core, ctx: await tenant(), tenant };
}

export async function counts(t: TestDb, tenantId: string) {
  const [r] = await t.db.sql.query<{ customers: string; events: string; identifiers: string }>(
    `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1) AS customers,
            (SELECT count(*) FROM events WHERE tenant_id = $1) AS events,
            (SELECT count(*) FROM identifiers WHERE tenant_id = $1) AS identifiers`,
    [tenantId],
  );
  return {
    customers: Number(r!.customers),
    events: Number(r!.events),
    identifiers: Number(r!.identifiers),
  };
}
