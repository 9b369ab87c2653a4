import { applyWritePlan, type Db, emptyPlan, loadCustomers } from "@cg/db";
import { ErrorKind, fail, invalid, ok, type Result } from "./errors.ts";
import type { CallContext, Customer, LookupKey } from "./model.ts";
import { resolveIdentifiers } from "./resolve-identifiers.ts";
import { normalizeKeys } from "./validate-patch.ts";

/** Deletes a customer (children cascade) and records a DELETED event in the same statement. */
export async function deleteCustomer(
  db: Db,
  ctx: CallContext,
  key: LookupKey,
): Promise<Result<Customer>> {
  const errors: Parameters<typeof normalizeKeys>[2] = [];
  const [k] = normalizeKeys([key], ["id"], errors);
  if (errors.length || !k) return invalid(errors);
  for (let attempt = 0; attempt < 10; attempt++) {
    const found = await loadCustomers(
      db.sql,
      ctx.tenantId,
      k.kind === "ID"
        ? { ids: [k.value] }
        : k.kind === "NUMBER"
          ? { numbers: [Number(k.value)] }
          : { keys: [{ kind: k.kind, namespace: k.namespace ?? "", value: k.value }] },
    );
    const r = resolveIdentifiers([k], found);
    if (r.kind !== "one") return fail(ErrorKind.NOT_FOUND, "Customer not found");
    const c = r.customer;
    const plan = emptyPlan();
    plan.deletes.push({ id: c.id, tenant_id: ctx.tenantId, expected_version: c.version });
    plan.events.push({
      tenant_id: ctx.tenantId,
      customer_id: c.id,
      dialect: ctx.actor.dialect,
      credential_id: ctx.actor.credentialId,
      attribution: ctx.actor.attribution ?? null,
      result: "DELETED",
      version: c.version + 1,
      changes: [],
    });
    const out = await applyWritePlan(db.sql, plan);
    if (out.deleted.has(c.id)) return ok(c);
  }
  return fail(ErrorKind.INTERNAL, "Too much contention on this customer; try again");
}
