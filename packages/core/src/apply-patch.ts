import {
  type AddressRecord,
  CUSTOMER_SCALARS,
  type CustomerScalars,
  type IdentifierRecord,
  scalarsOf,
} from "@cg/db";
import { reconcileNames } from "./customer-names.ts";
import type { AddressInput, Customer, CustomerPatch, IdentifierInput, ListModes } from "./model.ts";
import { newId } from "./new-id.ts";
import { stampedConsents } from "./validate-patch.ts";

/** The writable part of a customer: what a patch produces and what the diff compares. */
export interface CustomerState extends CustomerScalars {
  identifiers: Omit<IdentifierRecord, "createdAt">[];
  addresses: AddressRecord[];
  attributes: { namespace: string; key: string; type: string; value: unknown }[];
  groupIds: string[];
}

/** Every scalar at its empty value: what a cleared field becomes. */
const EMPTY: CustomerScalars = scalarsOf({});

export function stateOf(c: Customer | null): CustomerState {
  const s = scalarsOf(c ?? {}) as CustomerState;
  s.identifiers = c
    ? c.identifiers.map((i) => ({
        id: i.id,
        kind: i.kind,
        namespace: i.namespace,
        value: i.value,
        primary: i.primary,
        verified: i.verified,
        verifiedAt: i.verifiedAt,
      }))
    : [];
  s.addresses = c ? c.addresses : [];
  s.attributes = c ? c.attributes : [];
  s.groupIds = c ? c.groups.map((g) => g.groupId) : [];
  return s;
}

const ADDRESS_FIELDS = [
  "firstName",
  "lastName",
  "company",
  "address1",
  "address2",
  "city",
  "province",
  "provinceCode",
  "country",
  "countryCode",
  "zip",
  "phone",
] as const;
/**
 * Address members only some vendors have (Magento's middlename, prefix, suffix, fax, vat_id): a
 * write that leaves one out (undefined) keeps the stored value, so a dialect without them (Shopify)
 * neither clears them nor makes a re-sent address a new one; null clears.
 */
const EXTRA_ADDRESS_FIELDS = ["middleName", "namePrefix", "nameSuffix", "fax", "vatId"] as const;

const sameAddress = (a: AddressRecord, b: AddressInput) =>
  ADDRESS_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null)) &&
  EXTRA_ADDRESS_FIELDS.every((f) => b[f] === undefined || (a[f] ?? null) === b[f]);

/** Applies a validated patch to a state. Pure: ids for new rows come from newId(). */
export function applyPatch(
  base: CustomerState,
  patch: CustomerPatch,
  lists: ListModes,
  groupIds: { add: string[]; remove: string[] },
): CustomerState {
  const next: CustomerState = { ...base };
  const n = next as unknown as Record<string, unknown>;
  for (const f of Object.keys(CUSTOMER_SCALARS) as (keyof CustomerScalars)[]) {
    const v = patch[f];
    if (v === undefined) continue;
    if (v === null) {
      n[f] = EMPTY[f];
      continue;
    }
    if ((f === "tags" || f === "taxExemptions") && lists[f] === "merge")
      n[f] = [...new Set([...base[f], ...(v as string[])])];
    else if (f === "marketing")
      n[f] = mergeConsents(base.marketing, v as NonNullable<CustomerPatch["marketing"]>);
    else if (f === "loyalty")
      n[f] = mergeMap(base[f] as Record<string, unknown>, v as Record<string, unknown>);
    else n[f] = v;
  }
  if (
    patch.fullName !== undefined ||
    patch.firstName !== undefined ||
    patch.lastName !== undefined ||
    patch.middleName !== undefined
  )
    reconcileNames(base, patch, next);
  if (patch.identifiers || patch.removeIdentifiers || patch.clearIdentifiers)
    next.identifiers = applyIdentifiers(base.identifiers, patch, lists.identifiers ?? "replace");
  if (patch.addresses !== undefined)
    next.addresses = applyAddresses(
      base.addresses,
      patch.addresses ?? [],
      lists.addresses ?? "replace",
    );
  if (patch.attributes) {
    const map = new Map(
      (lists.attributes === "replace" ? [] : base.attributes).map((a) => [
        `${a.namespace}\u0000${a.key}`,
        a,
      ]),
    );
    for (const a of patch.attributes) {
      const k = `${a.namespace ?? ""}\u0000${a.key}`;
      if (a.value === null) map.delete(k);
      else map.set(k, { namespace: a.namespace ?? "", key: a.key, type: a.type, value: a.value });
    }
    next.attributes = [...map.values()].sort((x, y) =>
      (x.namespace + x.key).localeCompare(y.namespace + y.key),
    );
  }
  if (patch.groups || patch.removeGroups) {
    const set = new Set(
      patch.groups && (lists.groups ?? "replace") === "replace" ? [] : base.groupIds,
    );
    for (const g of groupIds.add) set.add(g);
    for (const g of groupIds.remove) set.delete(g);
    next.groupIds = [...set];
  }
  return next;
}

function mergeMap<T>(base: Record<string, T>, patch: Record<string, T | null>): Record<string, T> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * Marketing channels merged; a consent given without a time (stamped with the write's) that says
 * what the stored one says (same state; same opt-in level, or none given) keeps the stored one,
 * time included: a repeated consent is no change, and the consent time stays when it was given.
 */
function mergeConsents(
  base: CustomerScalars["marketing"],
  patch: NonNullable<CustomerPatch["marketing"]>,
): CustomerScalars["marketing"] {
  const out = mergeMap(base, patch);
  for (const [k, v] of Object.entries(patch)) {
    const was = base[k];
    if (
      v &&
      was &&
      stampedConsents.has(v) &&
      v.state === was.state &&
      (v.optInLevel == null || v.optInLevel === was.optInLevel)
    )
      out[k] = was;
  }
  return out;
}

const idKey = (i: { kind: string; namespace?: string | undefined; value: string }) =>
  `${i.kind}\u0000${i.namespace ?? ""}\u0000${i.value}`;
const groupKey = (i: { kind: string; namespace?: string | undefined }) =>
  `${i.kind}\u0000${i.namespace ?? ""}`;

function applyIdentifiers(
  base: CustomerState["identifiers"],
  patch: CustomerPatch,
  mode: "replace" | "merge",
): CustomerState["identifiers"] {
  const inputs: IdentifierInput[] = patch.identifiers ?? [];
  const replaced = new Set(mode === "replace" ? inputs.map(groupKey) : []);
  const removed = new Set((patch.removeIdentifiers ?? []).map(idKey));
  const cleared = new Set((patch.clearIdentifiers ?? []).map(groupKey));
  const byKey = new Map(
    base
      .filter(
        (i) => !replaced.has(groupKey(i)) && !removed.has(idKey(i)) && !cleared.has(groupKey(i)),
      )
      .map((i) => [idKey(i), i]),
  );
  const existing = new Map(base.map((i) => [idKey(i), i]));
  for (const inp of inputs) {
    const k = idKey(inp);
    const prev = byKey.get(k) ?? existing.get(k);
    const verified = inp.verified ?? prev?.verified ?? false;
    byKey.set(k, {
      id: prev?.id ?? newId(),
      kind: inp.kind,
      namespace: inp.namespace ?? "",
      value: inp.value,
      primary: inp.primary ?? prev?.primary ?? false,
      verified,
      verifiedAt: verified ? (prev?.verified ? prev.verifiedAt : new Date().toISOString()) : null,
    });
  }
  const out = [...byKey.values()];
  // Exactly one primary per kind+namespace: an explicit primary wins, else the oldest stays.
  for (const g of new Set(out.map(groupKey))) {
    const members = out.filter((i) => groupKey(i) === g);
    const explicit = inputs.find((i) => groupKey(i) === g && i.primary === true);
    const winner =
      (explicit && members.find((m) => m.value === explicit.value)) ??
      members.find((m) => m.primary) ??
      members[0];
    for (const m of members) m.primary = m === winner;
  }
  return out;
}

function applyAddresses(
  base: AddressRecord[],
  inputs: AddressInput[],
  mode: "replace" | "merge",
): AddressRecord[] {
  const unused = new Set(base);
  const out: AddressRecord[] = mode === "merge" ? [...base] : [];
  for (const inp of inputs) {
    // Named by id or number: that address, updated in place. Otherwise an unchanged re-sent
    // address keeps its identity; anything else is a new address.
    const named = inp.id !== undefined || inp.number !== undefined;
    const target = named
      ? [...unused].find((a) => a.id === inp.id || a.number === inp.number)
      : undefined;
    if (target) {
      unused.delete(target);
      const updated: AddressRecord = { ...target };
      for (const f of ADDRESS_FIELDS) updated[f] = inp[f] ?? null;
      for (const f of EXTRA_ADDRESS_FIELDS) if (inp[f] !== undefined) updated[f] = inp[f] ?? null;
      if (inp.isDefault === false) updated.isDefault = false;
      if (mode === "merge") out[out.indexOf(target)] = updated;
      else out.push(updated);
      continue;
    }
    const keep = named ? undefined : [...unused].find((a) => sameAddress(a, inp));
    if (mode === "merge" && keep) continue;
    if (keep) {
      unused.delete(keep);
      out.push({ ...keep, ...(inp.isDefault === false ? { isDefault: false } : {}) });
      continue;
    }
    const rec: AddressRecord = {
      id: newId(),
      number: 0,
      position: 0,
      isDefault: false,
    } as AddressRecord;
    for (const f of ADDRESS_FIELDS) rec[f] = inp[f] ?? null;
    for (const f of EXTRA_ADDRESS_FIELDS) rec[f] = inp[f] ?? null;
    if (inp.isDefault) rec.isDefault = true;
    out.push(rec);
  }
  out.forEach((a, i) => (a.position = i));
  const explicitDefault = inputs.findIndex((a) => a.isDefault);
  let def =
    explicitDefault >= 0 && mode === "replace"
      ? explicitDefault
      : out.findIndex((a) => a.isDefault);
  // No default: the first address becomes it, unless the write declines one for every address it
  // sends (`isDefault: false` on each: Magento, whose customers may have no default address).
  const declined = inputs.length > 0 && inputs.every((a) => a.isDefault === false);
  if (def < 0 && !declined) def = 0;
  out.forEach((a, i) => (a.isDefault = i === def));
  return out;
}
