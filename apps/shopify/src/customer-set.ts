import { type CustomerPatch, type LookupKey, sameIdentifier, type UpsertInput } from "@cg/core";
import type { ShopifyContext } from "./builder.ts";
import { CONTACT_REQUIRED, type CommonInput, clears, toPatch } from "./customer-input.ts";
import { type CustomerSetCode, userErrors } from "./errors.ts";
import { parseGid } from "./gid.ts";
import type { PayloadShape } from "./schema/refs.ts";

export interface SetIdentifiers {
  id?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  customId?:
    | { namespace?: string | null | undefined; key: string; value: string }
    | null
    | undefined;
}
export interface SetInput extends CommonInput {
  id?: string | null | undefined;
}

const fail = (field: string[] | null, message: string, code: CustomerSetCode): PayloadShape => ({
  customer: null,
  userErrors: [{ field, message, code }],
});
const MISSING = "The input field corresponding to the identifier is required.";
const MISMATCH =
  "The identifier value does not match the value of the corresponding field in the input.";

/** customerId mode → core lookup; customId namespace as core stores it. */
export const customIdNamespace = (c: { namespace?: string | null | undefined; key: string }) =>
  `${c.namespace ?? "custom"}.${c.key}`;

/**
 * Shopify's customerSet: no identifier → create; identifier.id → update (NOT_FOUND when absent);
 * email / phone / customId → upsert by that key, after the cross-checks Shopify makes.
 */
export async function customerSet(
  ctx: ShopifyContext,
  identifier: SetIdentifiers | null | undefined,
  input: SetInput,
): Promise<PayloadShape> {
  const idf = identifier ?? {};
  const given = (["id", "email", "phone", "customId"] as const).filter((k) => idf[k] != null);
  if (given.length && input.id != null)
    return fail(
      ["input", "id"],
      "The id field is not allowed if identifier is provided.",
      "ID_NOT_ALLOWED",
    );
  let lookup: LookupKey[] = [];
  let mode: UpsertInput["mode"] = "create";
  let notFound = ["identifier", "id"];
  const idValue = idf.id ?? input.id ?? null;
  if (idValue != null) {
    const field = idf.id != null ? ["identifier", "id"] : ["input", "id"];
    const n = parseGid("Customer", idValue);
    if (!n) return fail(field, "Invalid global id", "INVALID");
    lookup = [{ kind: "NUMBER", value: n, path: field }];
    mode = "update";
    notFound = field;
  } else if (idf.email != null) {
    if (input.email == null) return fail(["input", "email"], MISSING, "MISSING_FIELD_REQUIRED");
    // An invalid value is not a mismatch: core reports it as INVALID on its own field.
    if (sameIdentifier("EMAIL", input.email, idf.email) === false)
      return fail(["input", "email"], MISMATCH, "INPUT_MISMATCH");
    lookup = [{ kind: "EMAIL", value: idf.email, path: ["identifier", "email"] }];
    mode = "upsert";
  } else if (idf.phone != null) {
    if (input.phone == null) return fail(["input", "phone"], MISSING, "MISSING_FIELD_REQUIRED");
    if (sameIdentifier("PHONE", input.phone, idf.phone) === false)
      return fail(["input", "phone"], MISMATCH, "INPUT_MISMATCH");
    lookup = [{ kind: "PHONE", value: idf.phone, path: ["identifier", "phone"] }];
    mode = "upsert";
  } else if (idf.customId != null) {
    const c = idf.customId;
    if (c.key.trim() === "")
      return fail(["identifier", "customId", "key"], "Key can't be blank", "BLANK");
    const key = {
      kind: "CUSTOM_ID",
      namespace: customIdNamespace(c),
      value: c.value,
      path: ["identifier", "customId", "value"],
    };
    // Core writes the lookup's customId on create.
    lookup = [key];
    mode = "upsert";
  }
  const patch = toPatch(input);
  const onUpdate: CustomerPatch = { ...patch };
  const clear = clears(input);
  if (clear.length) onUpdate.clearIdentifiers = clear;
  const r = await ctx.core.upsert(
    ctx.call,
    mode === "create"
      ? { lookup, mode, onCreate: patch, required: CONTACT_REQUIRED, allowNoIdentifier: true }
      : { lookup, mode, onCreate: patch, onUpdate },
  );
  if (!r.ok) return { customer: null, userErrors: userErrors(r.error, { notFound }) };
  return { customer: r.value.customer, userErrors: [] };
}
