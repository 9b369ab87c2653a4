import {
  applyWritePlan,
  type Db,
  emptyPlan,
  isContention,
  loadCustomers,
  planDelete,
} from "@cg/db";
import { ErrorKind, fail, invalid, ok, type Result } from "./errors.ts";
import type { CallContext, Customer, LookupKey } from "./model.ts";
import { resolveIdentifiers } from "./resolve-identifiers.ts";
import { namesNoCustomer, normalizeKeys } from "./validate-patch.ts";

/**
 * Deletes a customer (children cascade) and records a DELETED event in the same statement. A
 * delete whose customer moved since it was read (or that the database refused because of another
 * writer) is tried again from a fresh read, `maxAttempts` times in all; then BUSY.
 */
export async function deleteCustomer(
  db: Db,
  ctx: CallContext,
  key: LookupKey,
  maxAttempts = 10,
): Promise<Result<Customer>> {
  const errors: Parameters<typeof normalizeKeys>[2] = [];
  const [k] = normalizeKeys([key], ["id"], errors);
  if (errors.length || !k) return invalid(errors);
  if (namesNoCustomer(key)) return fail(ErrorKind.NOT_FOUND, "Customer not found");
  for (let attempt = 0; attempt < Math.max(1, maxAttempts); attempt++) {
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
    planDelete(plan, {
      id: c.id,
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      expectedVersion: c.version,
    });
    try {
      const out = await applyWritePlan(db.sql, plan);
      if (out.deleted.has(c.id)) return ok(c);
    } catch (err) {
      if (!isContention(err)) throw err;
    }
  }
  return fail(ErrorKind.BUSY, "Too much contention on this customer; try again");
}
