import { ErrorKind, FieldCode, type FieldError, fail, invalid, ok, type Result } from "./errors.ts";
import type { CallContext, CustomerPatch, GroupRef, UpsertInput } from "./model.ts";
import type { GroupIds, PreparedUpsert } from "./plan-upsert.ts";
import { normalizeKeys, validatePatch } from "./validate-patch.ts";

type GroupInfo = { groupId: string };

const refKey = (r: GroupRef) =>
  "id" in r ? `id:${r.id}` : "key" in r ? `key:${r.key}` : `ext:${r.externalId}`;

/** Validates and normalises an upsert; resolves group references against `groups`. Pure. */
export function prepareUpsert(
  ctx: CallContext,
  input: UpsertInput,
  groups: ReadonlyMap<string, GroupInfo>,
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
  const onCreate = validatePatch(input.onCreate ?? {}, ["onCreate"], country, input.maxLengths);
  const onUpdate = validatePatch(input.onUpdate ?? {}, ["onUpdate"], country, input.maxLengths);
  errors.push(...onCreate.errors, ...onUpdate.errors);
  const create = resolve(onCreate.patch, groups, ["onCreate"], errors);
  const update = resolve(onUpdate.patch, groups, ["onUpdate"], errors);
  if (errors.length) return invalid(dedupe(errors));
  return ok({
    ctx,
    input,
    lookup,
    onCreate: onCreate.patch,
    onUpdate: onUpdate.patch,
    groups: { create, update },
    unlinked: { create: onCreate.unlinked, update: onUpdate.unlinked },
    requestHash: null,
  });
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
