import {
  type MembershipRecord,
  planCustomerWrite,
  scalarsOf,
  type WriteOutcome,
  type WritePlan,
} from "@cg/db";
import { applyPatch, type CustomerState, stateOf } from "./apply-patch.ts";
import { missing } from "./check-requirements.ts";
import { type CustomerDiff, diffCustomer } from "./diff-customer.ts";
import { type DomainError, ErrorKind, FieldCode, type FieldError } from "./errors.ts";
import type {
  CallContext,
  Customer,
  CustomerPatch,
  LookupKey,
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
    const problems = [
      ...taken(state, p.onCreate, null, candidates),
      ...missing(state, p.input, p.onCreate, "onCreate"),
    ];
    if (state.identifiers.length === 0 && !p.input.allowNoIdentifier)
      problems.push({
        path: ["onCreate", "identifiers"],
        code: FieldCode.REQUIRED,
        message: "A customer needs at least one identifier",
      });
    if (problems.length) return { type: "error", error: validation(problems) };
    return {
      type: "write",
      result: "CREATED",
      id: newId(),
      before: null,
      state,
      diff: diffCustomer(stateOf(null), state),
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
  const problems = [
    ...taken(state, p.onUpdate, current.id, candidates),
    ...missing(state, p.input, p.onUpdate, "onUpdate"),
  ];
  if (problems.length) return { type: "error", error: validation(problems) };
  const diff = diffCustomer(before, state);
  if (diff.changes.length === 0) return { type: "noop", customer: current };
  return { type: "write", result: "UPDATED", id: current.id, before: current, state, diff };
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

/** Adds one decided write to a batch plan (db builds the rows). */
export function addToPlan(
  plan: WritePlan,
  p: PreparedUpsert,
  d: Extract<Decision, { type: "write" }>,
): void {
  const key = p.input.idempotencyKey;
  planCustomerWrite(plan, {
    result: d.result,
    id: d.id,
    tenantId: p.ctx.tenantId,
    actor: p.ctx.actor,
    expectedVersion: d.before ? d.before.version : 0,
    scalars: d.state,
    identifiers: d.diff.identifiers,
    addresses: d.diff.addresses,
    attributes: d.diff.attributes,
    groups: d.diff.groups,
    changes: d.diff.changes,
    idempotency: key && p.requestHash ? { key, requestHash: p.requestHash } : null,
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
