import { type Db, type GroupRecord, groupKeyExists, insertGroup, listGroupRecords } from "@cg/db";
import { ErrorKind, FieldCode, fail, invalid, ok, type Result } from "./errors.ts";
import { newId } from "./new-id.ts";

export type CustomerGroup = GroupRecord;

export async function createCustomerGroup(
  db: Db,
  tenantId: string,
  input: {
    key: string;
    name: string;
    externalId?: string | null | undefined;
    color?: string | null | undefined;
  },
): Promise<Result<CustomerGroup>> {
  const key = input.key.trim();
  if (!key)
    return invalid([{ path: ["key"], code: FieldCode.BLANK, message: "key can't be blank" }]);
  if (!input.name.trim())
    return invalid([{ path: ["name"], code: FieldCode.BLANK, message: "name can't be blank" }]);
  const taken = (field: "key" | "externalId") =>
    fail<CustomerGroup>(ErrorKind.ALREADY_EXISTS, `Customer group ${field} already exists`, [
      { path: [field], code: FieldCode.TAKEN, message: `${field} has already been taken` },
    ]);
  if (await groupKeyExists(db, tenantId, key)) return taken("key");
  // `taken` here: a concurrent create won the race, or the external id belongs to another group.
  const g = await insertGroup(db, {
    id: `cg_${newId()}`,
    tenantId,
    key,
    name: input.name.trim(),
    externalId: input.externalId ?? null,
    color: input.color ?? null,
  });
  return "taken" in g ? taken(g.taken) : ok(g);
}

export const listCustomerGroups = (db: Db, tenantId: string): Promise<CustomerGroup[]> =>
  listGroupRecords(db, tenantId);
