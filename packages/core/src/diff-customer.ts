import { isDeepStrictEqual } from "node:util";
import { type AddressRecord, CUSTOMER_SCALARS, type FieldChange } from "@cg/db";
import type { CustomerState } from "./apply-patch.ts";

export interface CustomerDiff {
  changes: FieldChange[];
  scalarsChanged: boolean;
  identifiers: {
    insert: CustomerState["identifiers"];
    update: CustomerState["identifiers"];
    remove: string[];
  };
  addresses: { insert: AddressRecord[]; update: AddressRecord[]; remove: string[] };
  attributes: { upsert: CustomerState["attributes"]; remove: { namespace: string; key: string }[] };
  groups: { add: string[]; remove: string[] };
}

const ADDRESS_VIEW = (a: AddressRecord) => {
  const { id: _i, number: _n, ...rest } = a;
  return rest;
};

/** Field-level differences between two states; empty `changes` means NOOP. */
export function diffCustomer(before: CustomerState, after: CustomerState): CustomerDiff {
  const changes: FieldChange[] = [];
  let scalarsChanged = false;
  for (const f of Object.keys(CUSTOMER_SCALARS) as (keyof typeof CUSTOMER_SCALARS)[]) {
    const a = before[f];
    const b = after[f];
    if (
      a !== b &&
      (typeof a !== "object" ||
        typeof b !== "object" ||
        a === null ||
        b === null ||
        !isDeepStrictEqual(a, b))
    ) {
      scalarsChanged = true;
      // Never put a password hash in the audit trail.
      changes.push(
        f === "passwordHash"
          ? { field: f, before: before[f] ? "[set]" : null, after: after[f] ? "[set]" : null }
          : { field: f, before: before[f], after: after[f] },
      );
    }
  }

  const idKey = (i: CustomerState["identifiers"][number]) =>
    `${i.kind}\u0000${i.namespace}\u0000${i.value}`;
  const beforeIds = new Map(before.identifiers.map((i) => [idKey(i), i]));
  const afterIds = new Map(after.identifiers.map((i) => [idKey(i), i]));
  const identifiers: CustomerDiff["identifiers"] = { insert: [], update: [], remove: [] };
  for (const [k, i] of afterIds) {
    const prev = beforeIds.get(k);
    if (!prev) identifiers.insert.push(i);
    else if (prev.primary !== i.primary || prev.verified !== i.verified)
      identifiers.update.push({ ...i, id: prev.id });
  }
  for (const [k, i] of beforeIds) if (!afterIds.has(k)) identifiers.remove.push(i.id);
  if (identifiers.insert.length || identifiers.update.length || identifiers.remove.length) {
    const view = (l: CustomerState["identifiers"]) =>
      l.map((i) => ({
        kind: i.kind,
        namespace: i.namespace,
        value: i.value,
        primary: i.primary,
        verified: i.verified,
      }));
    changes.push({
      field: "identifiers",
      before: view(before.identifiers),
      after: view(after.identifiers),
    });
  }

  const beforeAddr = new Map(before.addresses.map((a) => [a.id, a]));
  const afterAddr = new Set(after.addresses.map((a) => a.id));
  const addresses: CustomerDiff["addresses"] = { insert: [], update: [], remove: [] };
  for (const a of after.addresses) {
    const prev = beforeAddr.get(a.id);
    if (!prev) addresses.insert.push(a);
    else if (!isDeepStrictEqual(ADDRESS_VIEW(prev), ADDRESS_VIEW(a))) addresses.update.push(a);
  }
  for (const a of before.addresses) if (!afterAddr.has(a.id)) addresses.remove.push(a.id);
  if (addresses.insert.length || addresses.update.length || addresses.remove.length)
    changes.push({
      field: "addresses",
      before: before.addresses.map(ADDRESS_VIEW),
      after: after.addresses.map(ADDRESS_VIEW),
    });

  const aKey = (a: { namespace: string; key: string }) => `${a.namespace}\u0000${a.key}`;
  const beforeAttr = new Map(before.attributes.map((a) => [aKey(a), a]));
  const afterAttr = new Map(after.attributes.map((a) => [aKey(a), a]));
  const attributes: CustomerDiff["attributes"] = { upsert: [], remove: [] };
  for (const [k, a] of afterAttr) {
    const prev = beforeAttr.get(k);
    if (!prev || prev.type !== a.type || !isDeepStrictEqual(prev.value, a.value)) {
      attributes.upsert.push(a);
      changes.push({
        field: `attributes.${a.namespace ? `${a.namespace}.` : ""}${a.key}`,
        before: prev?.value ?? null,
        after: a.value,
      });
    }
  }
  for (const [k, a] of beforeAttr)
    if (!afterAttr.has(k)) {
      attributes.remove.push({ namespace: a.namespace, key: a.key });
      changes.push({
        field: `attributes.${a.namespace ? `${a.namespace}.` : ""}${a.key}`,
        before: a.value,
        after: null,
      });
    }

  const bg = new Set(before.groupIds);
  const ag = new Set(after.groupIds);
  const groups = {
    add: [...ag].filter((g) => !bg.has(g)),
    remove: [...bg].filter((g) => !ag.has(g)),
  };
  if (groups.add.length || groups.remove.length)
    changes.push({ field: "groups", before: [...bg], after: [...ag] });

  return { changes, scalarsChanged, identifiers, addresses, attributes, groups };
}
