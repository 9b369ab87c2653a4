import { blanked } from "./check-requirements.ts";
import { ErrorKind, FieldCode, type FieldError, fail, invalid, ok, type Result } from "./errors.ts";
import type {
  CallContext,
  CustomerPatch,
  GroupRef,
  IdentifierInput,
  LookupKey,
  UpsertInput,
} from "./model.ts";
import type { GroupIds, PreparedUpsert } from "./plan-upsert.ts";
import { namesNoCustomer, normalizeKeys, validatePatch } from "./validate-patch.ts";

type GroupInfo = { groupId: string };

const refKey = (r: GroupRef) =>
  "id" in r ? `id:${r.id}` : "key" in r ? `key:${r.key}` : `ext:${r.externalId}`;

/**
 * Validates and normalises an upsert; resolves group references against `groups`; `now` is the
 * time of the write (consents without one take it). Pure.
 */
export function prepareUpsert(
  ctx: CallContext,
  input: UpsertInput,
  groups: ReadonlyMap<string, GroupInfo>,
  now: string,
): Result<PreparedUpsert> {
  const errors: FieldError[] = [];
  if (!Array.isArray(input.lookup))
    return invalid([
      { path: ["lookup"], code: FieldCode.INVALID, message: "lookup must be a list" },
    ]);
  if ((input.mode ?? "upsert") === "update" && input.lookup.length === 0)
    return fail(ErrorKind.VALIDATION, "An update needs an identifier", [
      { path: ["lookup"], code: FieldCode.REQUIRED, message: "An update needs an identifier" },
    ]);
  if (
    input.idempotencyKey !== undefined &&
    (input.idempotencyKey.length === 0 || input.idempotencyKey.length > 255)
  )
    errors.push({
      path: ["idempotencyKey"],
      code: FieldCode.INVALID,
      message: "idempotencyKey must be 1 to 255 characters",
    });
  const country = input.defaultCountry;
  const lookup = normalizeKeys(input.lookup, ["lookup"], errors, country);
  const onCreate = validatePatch(input.onCreate ?? {}, ["onCreate"], country, now);
  const onUpdate = validatePatch(input.onUpdate ?? {}, ["onUpdate"], country, now);
  errors.push(...onCreate.errors, ...onUpdate.errors);
  const create = resolve(onCreate.patch, groups, ["onCreate"], errors);
  const update = resolve(onUpdate.patch, groups, ["onUpdate"], errors);
  if (input.required)
    for (const req of input.required) {
      blanked(req, onCreate.patch, "onCreate", errors);
      blanked(req, onUpdate.patch, "onUpdate", errors);
    }
  if (errors.length) return invalid(dedupe(errors));
  // A well-formed lookup that cannot name anyone: decided without reading.
  if (input.lookup.some(namesNoCustomer)) return fail(ErrorKind.NOT_FOUND, "Customer not found");
  return ok({
    ctx,
    input,
    lookup,
    onCreate: withLookupIdentifiers(onCreate.patch, lookup),
    onUpdate: onUpdate.patch,
    groups: { create, update },
    requestHash: null,
  });
}

/**
 * A create writes the identifiers it was looked up by, unless onCreate names identifiers of that
 * kind and namespace itself: the same call again then finds the customer it created (NOOP).
 */
function withLookupIdentifiers(patch: CustomerPatch, lookup: LookupKey[]): CustomerPatch {
  const extra: IdentifierInput[] = [];
  const named = patch.identifiers ?? [];
  for (const k of lookup) {
    if (k.kind === "ID" || k.kind === "NUMBER") continue;
    const ns = k.namespace ?? "";
    if (named.some((i) => i.kind === k.kind && (i.namespace ?? "") === ns)) continue;
    if (extra.some((i) => i.kind === k.kind && i.namespace === ns)) continue;
    const id: IdentifierInput = { kind: k.kind, namespace: ns, value: k.value };
    if (k.path !== undefined) id.path = k.path;
    extra.push(id);
  }
  if (extra.length === 0) return patch;
  const out: CustomerPatch = { ...patch };
  out.identifiers = [...named, ...extra];
  return out;
}

function resolve(
  patch: CustomerPatch,
  groups: ReadonlyMap<string, GroupInfo>,
  at: (string | number)[],
  errors: FieldError[],
): GroupIds {
  const ids = (refs: GroupRef[] | undefined, field: string) =>
    (refs ?? []).flatMap((r, i) => {
      const g = groups.get(refKey(r));
      if (!g) {
        errors.push({
          path: [...at, field, i],
          code: FieldCode.NOT_FOUND,
          message: `Customer group ${Object.values(r)[0]} not found`,
        });
        return [];
      }
      return [g.groupId];
    });
  return { add: ids(patch.groups, "groups"), remove: ids(patch.removeGroups, "removeGroups") };
}

// The same value given for create and update reports once.
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path.join(".")}|${e.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
