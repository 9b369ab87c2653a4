import {
  type MembershipRecord,
  scalarColumns,
  scalarsOf,
  type WriteOutcome,
  type WritePlan,
} from "@cg/db";
import { applyPatch, type CustomerState, stateOf } from "./apply-patch.ts";
import { type CustomerDiff, diffCustomer } from "./diff-customer.ts";
import { type DomainError, ErrorKind, FieldCode, type FieldError } from "./errors.ts";
import type {
  CallContext,
  Customer,
  CustomerPatch,
  LookupKey,
  UnlinkedIdentifier,
  UpsertInput,
  UpsertResult,
} from "./model.ts";
import { newId } from "./new-id.ts";
import { keyString, owns, resolveIdentifiers } from "./resolve-identifiers.ts";

/** An upsert after validation and group resolution: everything the pure planner needs. */
export interface PreparedUpsert {
  ctx: CallContext;
  input: UpsertInput;
  lookup: LookupKey[];
  onCreate: CustomerPatch;
  onUpdate: CustomerPatch;
  groups: { create: GroupIds; update: GroupIds };
  /** `ifFree` identifiers validation left out (invalid values). */
  unlinked: { create: UnlinkedIdentifier[]; update: UnlinkedIdentifier[] };
  requestHash: string | null;
}
export interface GroupIds {
  add: string[];
  remove: string[];
}

export type Decision =
  | { type: "error"; error: DomainError }
  | { type: "noop"; customer: Customer }
  | {
      type: "write";
      result: Exclude<UpsertResult, "NOOP">;
      id: string;
      before: Customer | null;
      state: CustomerState;
      diff: CustomerDiff;
    };

/** Every key an item reads or writes: two items sharing one must not run in the same statement. */
export function touchedKeys(p: PreparedUpsert): string[] {
  const ids = [
    ...(p.onCreate.identifiers ?? []),
    ...(p.onUpdate.identifiers ?? []),
    ...(p.onUpdate.removeIdentifiers ?? []),
  ];
  const keys = [...p.lookup, ...ids].map(keyString);
  if (p.input.idempotencyKey) keys.push(`IDEMPOTENCY\u0000\u0000${p.input.idempotencyKey}`);
  return keys;
}

/** Keys to load for an item: its lookup plus identifiers it may write (to detect TAKEN). */
export function loadKeys(p: PreparedUpsert): LookupKey[] {
  return [...p.lookup, ...(p.onCreate.identifiers ?? []), ...(p.onUpdate.identifiers ?? [])];
}

/** Decides what one upsert does, given the customers loaded for its keys. Pure. */
export function planUpsert(p: PreparedUpsert, candidates: readonly Customer[]): Decision {
  const r = resolveIdentifiers(p.lookup, candidates);
  const mode = p.input.mode ?? "upsert";
  const lists = p.input.lists ?? {};
  if (r.kind === "conflict")
    return {
      type: "error",
      error: {
        kind: ErrorKind.CONFLICT,
        message: "The identifiers belong to different customers",
        fields: [],
        customerIds: r.customerIds,
      },
    };
  if (r.kind === "none") {
    if (mode === "update" || p.lookup.some((k) => k.kind === "ID" || k.kind === "NUMBER"))
      return {
        type: "error",
        error: { kind: ErrorKind.NOT_FOUND, message: "Customer not found", fields: [] },
      };
    const state = applyPatch(stateOf(null), p.onCreate, lists, p.groups.create);
    const unlinked = [...p.unlinked.create, ...unlinkTaken(state, p.onCreate, null, candidates)];
    const problems = [...taken(state, p.onCreate, null, candidates), ...missing(state, p.input)];
    if (problems.length) return { type: "error", error: validation(problems) };
    return {
      type: "write",
      result: "CREATED",
      id: newId(),
      before: null,
      state,
      diff: noteUnlinked(diffCustomer(stateOf(null), state), unlinked),
    };
  }
  const current = r.customer;
  if (mode === "create")
    return {
      type: "error",
      error: {
        kind: ErrorKind.ALREADY_EXISTS,
        message: "A customer with this identifier already exists",
        fields: [],
        customerIds: [current.id],
      },
    };
  const before = stateOf(current);
  const state = applyPatch(before, p.onUpdate, lists, p.groups.update);
  const unlinked = [
    ...p.unlinked.update,
    ...unlinkTaken(state, p.onUpdate, current.id, candidates),
  ];
  const problems = [
    ...taken(state, p.onUpdate, current.id, candidates),
    ...missing(state, p.input),
  ];
  if (problems.length) return { type: "error", error: validation(problems) };
  const diff = diffCustomer(before, state);
  if (diff.changes.length === 0) return { type: "noop", customer: current };
  return {
    type: "write",
    result: "UPDATED",
    id: current.id,
    before: current,
    state,
    diff: noteUnlinked(diff, unlinked),
  };
}

/**
 * `ifFree` identifiers another loaded customer holds: taken out of the state (the patch's
 * replacement of their kind stands), their text put in the fallback attribute. Mutates `state`.
 */
function unlinkTaken(
  state: CustomerState,
  patch: CustomerPatch,
  selfId: string | null,
  candidates: readonly Customer[],
): UnlinkedIdentifier[] {
  const out: UnlinkedIdentifier[] = [];
  for (const input of patch.identifiers ?? []) {
    if (!input.ifFree) continue;
    const i = state.identifiers.find((x) => keyString(x) === keyString(input));
    if (!i || !candidates.some((c) => c.id !== selfId && owns(c, i))) continue;
    state.identifiers = state.identifiers.filter((x) => x !== i);
    const { namespace, key } = input.ifFree.fallback;
    const text = input.ifFree.text ?? input.value;
    state.attributes = [
      ...state.attributes.filter((a) => a.namespace !== namespace || a.key !== key),
      { namespace, key, type: "STRING", value: text },
    ].sort((x, y) => (x.namespace + x.key).localeCompare(y.namespace + y.key));
    out.push({ kind: i.kind, namespace: i.namespace, value: text, reason: "TAKEN" });
  }
  return out;
}

/** A write that left identifiers unlinked says so in its change list (and so in its event). */
function noteUnlinked(diff: CustomerDiff, unlinked: UnlinkedIdentifier[]): CustomerDiff {
  if (!unlinked.length) return diff;
  return {
    ...diff,
    changes: [...diff.changes, { field: "unlinked", before: null, after: unlinked }],
  };
}

const validation = (fields: FieldError[]): DomainError => ({
  kind: ErrorKind.VALIDATION,
  message: fields.map((f) => f.message).join("; "),
  fields,
});

/** Identifiers the result would own that another loaded customer owns already. */
function taken(
  state: CustomerState,
  patch: CustomerPatch,
  selfId: string | null,
  candidates: readonly Customer[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const i of state.identifiers) {
    const other = candidates.find((c) => c.id !== selfId && owns(c, i));
    if (!other) continue;
    const input = patch.identifiers?.find((x) => keyString(x) === keyString(i));
    const label =
      i.kind === "EMAIL"
        ? "Email"
        : i.kind === "PHONE"
          ? "Phone"
          : i.kind.toLowerCase().replace(/_/g, " ");
    errors.push({
      path: input?.path ?? ["identifiers", i.kind],
      code: FieldCode.TAKEN,
      message: `${label.charAt(0).toUpperCase()}${label.slice(1)} has already been taken`,
      identifierKind: i.kind,
    });
  }
  return errors;
}

function missing(state: CustomerState, input: UpsertInput): FieldError[] {
  const errors: FieldError[] = [];
  for (const req of input.required ?? []) {
    if (typeof req === "string") {
      const v = state[req];
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === ""))
        errors.push({ path: [req], code: FieldCode.BLANK, message: `${req} can't be blank` });
    } else if (!state.identifiers.some((i) => i.kind === req.identifier))
      errors.push({
        path: req.path ?? [req.identifier.toLowerCase()],
        code: FieldCode.BLANK,
        message: `${req.identifier.toLowerCase()} can't be blank`,
        identifierKind: req.identifier,
      });
  }
  return errors;
}

const addressRow = (customerId: string, a: CustomerState["addresses"][number]) => ({
  id: a.id,
  customer_id: customerId,
  position: a.position,
  is_default: a.isDefault,
  first_name: a.firstName,
  last_name: a.lastName,
  company: a.company,
  address1: a.address1,
  address2: a.address2,
  city: a.city,
  province: a.province,
  province_code: a.provinceCode,
  country: a.country,
  country_code: a.countryCode,
  zip: a.zip,
  phone: a.phone,
});

/** Adds one decided write to a batch plan. */
export function addToPlan(
  plan: WritePlan,
  p: PreparedUpsert,
  d: Extract<Decision, { type: "write" }>,
): void {
  const { tenantId, actor } = p.ctx;
  const id = d.id;
  // Properties added to the row one by one: `{ ...wide, extra }` costs several µs in V8.
  const row: Record<string, unknown> = scalarColumns(d.state);
  row.id = id;
  row.tenant_id = tenantId;
  if (d.result === "CREATED") {
    row.created_by_dialect = actor.dialect;
    row.created_by_credential = actor.credentialId;
    plan.creates.push(row);
  } else {
    row.version = d.before!.version;
    row.updated_by_dialect = actor.dialect;
    row.updated_by_credential = actor.credentialId;
    plan.updates.push(row);
  }
  const { identifiers, addresses, attributes, groups } = d.diff;
  for (const i of identifiers.insert)
    plan.identifierInserts.push({
      id: i.id,
      tenant_id: tenantId,
      customer_id: id,
      kind: i.kind,
      namespace: i.namespace,
      value: i.value,
      primary: i.primary,
      verified: i.verified,
      verified_at: i.verifiedAt,
    });
  for (const i of identifiers.update)
    plan.identifierUpdates.push({
      id: i.id,
      customer_id: id,
      primary: i.primary,
      verified: i.verified,
      verified_at: i.verifiedAt,
    });
  for (const x of identifiers.remove) plan.identifierDeletes.push({ id: x, customer_id: id });
  for (const a of addresses.insert) plan.addressInserts.push(addressRow(id, a));
  for (const a of addresses.update) plan.addressUpdates.push(addressRow(id, a));
  for (const x of addresses.remove) plan.addressDeletes.push({ id: x, customer_id: id });
  for (const a of attributes.upsert)
    plan.attributeUpserts.push({
      customer_id: id,
      namespace: a.namespace,
      key: a.key,
      type: a.type,
      value: a.value,
    });
  for (const a of attributes.remove) plan.attributeDeletes.push({ customer_id: id, ...a });
  for (const g of groups.add) plan.membershipInserts.push({ customer_id: id, group_id: g });
  for (const g of groups.remove) plan.membershipDeletes.push({ customer_id: id, group_id: g });
  plan.events.push({
    tenant_id: tenantId,
    customer_id: id,
    dialect: actor.dialect,
    credential_id: actor.credentialId,
    result: d.result,
    version: 0,
    changes: d.diff.changes,
  });
  if (p.input.idempotencyKey && p.requestHash)
    plan.idempotency.push({
      tenant_id: tenantId,
      key: p.input.idempotencyKey,
      request_hash: p.requestHash,
      result: d.result,
      customer_id: id,
      changes: d.diff.changes,
    });
}

/** The customer as written, without reading it back. */
export function writtenCustomer(
  p: PreparedUpsert,
  d: Extract<Decision, { type: "write" }>,
  meta: { number: number | null; version: number; createdAt: string; updatedAt: string },
  out: WriteOutcome,
  groupInfo: ReadonlyMap<string, Omit<MembershipRecord, "createdAt">>,
): Customer {
  const before = d.before;
  const now = meta.updatedAt;
  const ids = new Map((before?.identifiers ?? []).map((i) => [i.id, i.createdAt]));
  const memberSince = new Map((before?.groups ?? []).map((g) => [g.groupId, g.createdAt]));
  const { identifiers, addresses, attributes, groupIds } = d.state;
  const c = scalarsOf(d.state) as Customer;
  c.id = d.id;
  c.number = meta.number ?? before!.number;
  c.tenantId = p.ctx.tenantId;
  c.createdAt = before?.createdAt ?? meta.createdAt;
  c.updatedAt = now;
  c.version = meta.version;
  c.createdBy = before?.createdBy ?? p.ctx.actor;
  c.updatedBy = p.ctx.actor;
  c.identifiers = identifiers.map((i) => ({
    id: i.id,
    kind: i.kind,
    namespace: i.namespace,
    value: i.value,
    primary: i.primary,
    verified: i.verified,
    verifiedAt: i.verifiedAt,
    createdAt: ids.get(i.id) ?? now,
  }));
  c.addresses = addresses.map((a) => {
    const n = out.addressNumbers.get(a.id);
    return n === undefined ? a : { ...a, number: n };
  });
  c.attributes = attributes;
  c.groups = groupIds.map((g) => {
    const info = groupInfo.get(g) ?? before?.groups.find((x) => x.groupId === g);
    return {
      groupId: g,
      key: info?.key ?? "",
      name: info?.name ?? "",
      externalId: info?.externalId ?? null,
      createdAt: memberSince.get(g) ?? now,
    };
  });
  return c;
}
