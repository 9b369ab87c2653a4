import type { Db } from "@cg/db";
import { ErrorKind, FieldCode, fail, invalid, ok, type Result } from "./errors.ts";
import { newId } from "./new-id.ts";

export interface CustomerGroup {
  id: string;
  key: string;
  name: string;
  externalId: string | null;
  color: string | null;
  createdAt: string;
}

type Row = {
  id: string;
  key: string;
  name: string;
  externalId: string | null;
  color: string | null;
  createdAt: Date;
};
const view = (g: Row): CustomerGroup => ({
  id: g.id,
  key: g.key,
  name: g.name,
  externalId: g.externalId,
  color: g.color,
  createdAt: g.createdAt.toISOString(),
});

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
  if (await db.prisma.customerGroup.findFirst({ where: { tenantId, key } })) return taken("key");
  try {
    const g = await db.prisma.customerGroup.create({
      data: {
        id: `cg_${newId()}`,
        tenantId,
        key,
        name: input.name.trim(),
        externalId: input.externalId ?? null,
        color: input.color ?? null,
      },
    });
    return ok(view(g));
  } catch (err) {
    // A concurrent create won the race, or the external id belongs to another group.
    if ((err as { code?: unknown }).code === "P2002") {
      const target = JSON.stringify((err as { meta?: unknown }).meta ?? "");
      return taken(target.includes("external") ? "externalId" : "key");
    }
    throw err;
  }
}

export async function listCustomerGroups(db: Db, tenantId: string): Promise<CustomerGroup[]> {
  return (
    await db.prisma.customerGroup.findMany({ where: { tenantId }, orderBy: { key: "asc" } })
  ).map(view);
}
