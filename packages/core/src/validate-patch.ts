import { CUSTOMER_SCALARS } from "@cg/db";
import { resolveAddressRegion } from "./countries.ts";
import { FieldCode, type FieldError, type Path } from "./errors.ts";
import type {
  AddressInput,
  AttributeInput,
  CustomerPatch,
  IdentifierInput,
  LookupKey,
  UnlinkedIdentifier,
} from "./model.ts";
import { normalizeIdentifierValue } from "./normalize-identifier.ts";

/** Length limits per text field (characters). Names follow the strictest vendor (Shopify: 255). */
const MAX_LEN: Record<string, number> = { note: 5000, passwordHash: 255 };
const DEFAULT_MAX = 255;
const MAX_LIST = 250;
const MAX_TAG = 255;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

const isDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

const tooLong = (path: Path, field: string, max: number): FieldError => ({
  path,
  code: FieldCode.TOO_LONG,
  message: `${field} is too long (maximum is ${max} characters)`,
});

export interface ValidatedPatch {
  patch: CustomerPatch;
  errors: FieldError[];
  /** `ifFree` identifiers left out because their value is invalid (see IdentifierInput.ifFree). */
  unlinked: UnlinkedIdentifier[];
}

/** Text kept exactly as given: a note is free text over lines, a password hash is opaque. */
const VERBATIM = new Set<string>(["note", "passwordHash"]);

/**
 * Checks a patch and returns a normalised copy: identifier values normalised; text fields (all
 * but note and passwordHash) and tags trimmed, a text field blank after trimming becoming null
 * (cleared); a marketing consent without a time stamped with `now` (the time of the write;
 * applyPatch keeps the stored one when its state and opt-in level are the same).
 * Paths are prefixed with `at` (e.g. ["onCreate"]).
 */
export function validatePatch(
  patch: CustomerPatch,
  at: Path = [],
  /** Reads a phone without a country code when the patch names no `country` (the tenant's). */
  defaultCountry?: string | null,
  /** The time of the write (consents without one take it). */
  now: string = new Date().toISOString(),
  /** The vendor's tighter limits (UpsertInput.maxLengths). */
  maxLengths?: Partial<Record<string, number>>,
): ValidatedPatch {
  const errors: FieldError[] = [];
  const unlinked: UnlinkedIdentifier[] = [];
  const out: CustomerPatch = { ...patch };
  const o = out as Record<string, unknown>;
  const text = (field: keyof typeof CUSTOMER_SCALARS, v: unknown) => {
    if (v === undefined || v === null) return;
    if (typeof v !== "string") {
      errors.push({
        path: [...at, field],
        code: FieldCode.INVALID,
        message: `${field} must be a string`,
      });
      return;
    }
    const t = VERBATIM.has(field) ? v : v.trim();
    if (t !== v) o[field] = t === "" ? null : t;
    const max = Math.min(maxLengths?.[field] ?? DEFAULT_MAX, MAX_LEN[field] ?? DEFAULT_MAX);
    if (t.length > max) errors.push(tooLong([...at, field], field, max));
  };
  for (const field of Object.keys(CUSTOMER_SCALARS) as (keyof typeof CUSTOMER_SCALARS)[]) {
    const v = patch[field];
    switch (field) {
      case "tags":
      case "taxExemptions": {
        if (v === undefined || v === null) break;
        if (!Array.isArray(v) || v.some((t) => typeof t !== "string")) {
          errors.push({
            path: [...at, field],
            code: FieldCode.INVALID,
            message: `${field} must be a list of strings`,
          });
          break;
        }
        if (v.length > MAX_LIST)
          errors.push({
            path: [...at, field],
            code: FieldCode.TOO_LONG,
            message: `${field} has more than ${MAX_LIST} entries`,
          });
        const cleaned = [...new Set((v as string[]).map((t) => t.trim()).filter((t) => t !== ""))];
        cleaned.forEach((t, i) => {
          if (t.length > MAX_TAG) errors.push(tooLong([...at, field, i], field, MAX_TAG));
        });
        out[field] = cleaned;
        break;
      }
      case "taxExempt":
        if (v !== undefined && v !== null && typeof v !== "boolean")
          errors.push({
            path: [...at, field],
            code: FieldCode.INVALID,
            message: "taxExempt must be a boolean",
          });
        break;
      case "marketing":
      case "loyalty":
        if (v !== undefined && v !== null && (typeof v !== "object" || Array.isArray(v)))
          errors.push({
            path: [...at, field],
            code: FieldCode.INVALID,
            message: `${field} must be an object`,
          });
        else if (field === "marketing" && patch.marketing)
          out.marketing = stamp(patch.marketing, now);
        break;
      case "dateOfBirth":
        text(field, v);
        if (typeof o[field] === "string" && !isDate(o[field] as string))
          errors.push({
            path: [...at, field],
            code: FieldCode.INVALID,
            message: "dateOfBirth must be a date (YYYY-MM-DD)",
          });
        break;
      case "country":
        text(field, v);
        if (typeof o[field] === "string" && !COUNTRY.test(o[field] as string))
          errors.push({
            path: [...at, field],
            code: FieldCode.INVALID,
            message: "country must be an ISO 3166-1 alpha-2 code",
          });
        break;
      default:
        text(field, v);
    }
  }
  if (patch.identifiers) {
    const invalid = new Set<number>();
    out.identifiers = normalizeIdentifiers(
      patch.identifiers,
      [...at, "identifiers"],
      out.country ?? defaultCountry,
      errors,
      maxLengths,
      invalid,
    );
    linkIfFree(out, patch.identifiers, invalid, unlinked);
  }
  if (patch.removeIdentifiers)
    out.removeIdentifiers = normalizeKeys(
      patch.removeIdentifiers,
      [...at, "removeIdentifiers"],
      errors,
    );
  if (patch.addresses)
    out.addresses = patch.addresses.map((a, i) =>
      validateAddress(a, [...at, "addresses", i], errors),
    );
  if (patch.attributes)
    patch.attributes.forEach((a, i) => {
      if (!a.key || a.key.trim() === "")
        errors.push({
          path: [...at, "attributes", i, "key"],
          code: FieldCode.BLANK,
          message: "Attribute key can't be blank",
        });
      else if (a.key.length > DEFAULT_MAX)
        errors.push(tooLong([...at, "attributes", i, "key"], "Attribute key", DEFAULT_MAX));
      const max = maxLengths?.[`attribute:${a.namespace ?? ""}.${a.key}`];
      if (max !== undefined && typeof a.value === "string" && a.value.length > max)
        errors.push(tooLong([...at, "attributes", i, "value"], a.key, max));
    });
  return { patch: out, errors, unlinked };
}

/**
 * `ifFree` identifiers: an invalid one is left out, its kind cleared and its text kept in the
 * fallback attribute; a valid one clears the fallback. Whether a valid one is free is known only
 * against the loaded customers (plan-upsert.ts).
 */
function linkIfFree(
  out: CustomerPatch,
  given: IdentifierInput[],
  invalid: ReadonlySet<number>,
  unlinked: UnlinkedIdentifier[],
): void {
  if (!given.some((i) => i.ifFree)) return;
  const attributes: AttributeInput[] = [...(out.attributes ?? [])];
  const clear = [...(out.clearIdentifiers ?? [])];
  const kept: IdentifierInput[] = [];
  const ids = out.identifiers ?? [];
  for (const [i, id] of ids.entries()) {
    const fallback = given[i]?.ifFree?.fallback;
    if (!fallback) {
      kept.push(id);
      continue;
    }
    const namespace = id.namespace ?? "";
    if (invalid.has(i)) {
      unlinked.push({ kind: id.kind, namespace, value: given[i]!.value, reason: "INVALID" });
      clear.push({ kind: id.kind, namespace });
      attributes.push({ ...fallback, type: "STRING", value: given[i]!.value });
    } else {
      kept.push({ ...id, ifFree: { fallback, text: given[i]!.value } });
      attributes.push({ ...fallback, type: "STRING", value: null });
    }
  }
  out.identifiers = kept;
  out.attributes = attributes;
  if (clear.length) out.clearIdentifiers = clear;
}

/**
 * The consents `stamp` gave the write's time (they came without one): applyPatch keeps the stored
 * consent instead when it says the same, so repeating a consent is not a change.
 */
export const stampedConsents = new WeakSet<object>();

/** Consents given without a time take the write's. */
function stamp(
  m: NonNullable<CustomerPatch["marketing"]>,
  now: string,
): NonNullable<CustomerPatch["marketing"]> {
  let out: typeof m | null = null;
  for (const [channel, c] of Object.entries(m))
    if (c && typeof c === "object" && c.updatedAt == null) {
      out ??= { ...m };
      const stamped = { ...c, updatedAt: now };
      stampedConsents.add(stamped);
      out[channel] = stamped;
    }
  return out ?? m;
}

function normalizeIdentifiers(
  ids: IdentifierInput[],
  at: Path,
  country: string | null | undefined,
  errors: FieldError[],
  maxLengths: Partial<Record<string, number>> | undefined,
  invalid: Set<number>,
): IdentifierInput[] {
  return ids.map((id, i) => {
    const path = id.path ?? [...at, i, "value"];
    const max = maxLengths?.[id.kind];
    if (max !== undefined && typeof id.value === "string" && id.value.length > max) {
      errors.push({ ...tooLong(path, id.kind.toLowerCase(), max), identifierKind: id.kind });
      return id;
    }
    if (id.kind === "ID" || id.kind === "NUMBER") {
      // They name a customer in a lookup; a customer cannot own one.
      errors.push({
        path: id.path ?? [...at, i, "kind"],
        code: FieldCode.INVALID,
        message: `${id.kind} is not an identifier kind`,
      });
      return id;
    }
    const n = normalizeIdentifierValue(id.kind, id.value, path, country);
    if (!n.ok) {
      // An ifFree identifier's invalid value is no error: it is kept as text (linkIfFree).
      if (id.ifFree) invalid.add(i);
      else errors.push(n.error);
      return id;
    }
    const out: IdentifierInput = { kind: id.kind, namespace: id.namespace ?? "", value: n.value };
    if (id.primary !== undefined) out.primary = id.primary;
    if (id.verified !== undefined) out.verified = id.verified;
    if (id.path !== undefined) out.path = id.path;
    return out;
  });
}

/** Normalises lookup keys (identifier kinds by their rules; ID/NUMBER checked for form). */
export function normalizeKeys(
  keys: LookupKey[],
  at: Path,
  errors: FieldError[],
  defaultCountry?: string | null,
): LookupKey[] {
  return keys.map((k, i) => {
    const path = k.path ?? [...at, i];
    if (k.kind === "ID") {
      const v = k.value.trim();
      if (v === "") errors.push({ path, code: FieldCode.BLANK, message: "id can't be blank" });
      const out: LookupKey = {
        kind: "ID",
        value: k.idPrefix && v.startsWith(k.idPrefix) ? v.slice(k.idPrefix.length) : v,
      };
      if (k.path !== undefined) out.path = k.path;
      if (k.idPrefix !== undefined) out.idPrefix = k.idPrefix;
      return out;
    }
    if (k.kind === "NUMBER") {
      if (!/^\d{1,15}$/.test(k.value))
        errors.push({ path, code: FieldCode.INVALID, message: "id is invalid" });
      return k;
    }
    const n = normalizeIdentifierValue(k.kind, k.value, path, defaultCountry);
    if (!n.ok) {
      errors.push(n.error);
      return k;
    }
    const out: LookupKey = { kind: k.kind, namespace: k.namespace ?? "", value: n.value };
    if (k.path !== undefined) out.path = k.path;
    return out;
  });
}

/** Core's customer ids are ULIDs (new-id.ts). */
const CUSTOMER_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * An ID key (before normalisation) that cannot name any customer: without the dialect's prefix,
 * or not of the form core gives its ids. The caller answers NOT_FOUND without reading.
 */
export function namesNoCustomer(k: LookupKey): boolean {
  if (k.kind !== "ID") return false;
  const v = k.value.trim();
  if (v === "") return false; // blank: a validation error, reported as such
  if (k.idPrefix && !v.startsWith(k.idPrefix)) return true;
  return !CUSTOMER_ID.test(k.idPrefix ? v.slice(k.idPrefix.length) : v);
}

/** Checks an address and returns it with its country and region as codes (countries.ts). */
function validateAddress(a: AddressInput, at: Path, errors: FieldError[]): AddressInput {
  const before = errors.length;
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || k === "isDefault") continue;
    if (k === "number") {
      if (!Number.isSafeInteger(v) || (v as number) <= 0)
        errors.push({
          path: [...at, k],
          code: FieldCode.INVALID,
          message: "number must be a positive integer",
        });
      continue;
    }
    if (typeof v !== "string")
      errors.push({ path: [...at, k], code: FieldCode.INVALID, message: `${k} must be a string` });
    else if (v.length > DEFAULT_MAX) errors.push(tooLong([...at, k], k, DEFAULT_MAX));
  }
  if (a.countryCode && !COUNTRY.test(a.countryCode))
    errors.push({
      path: [...at, "countryCode"],
      code: FieldCode.INVALID,
      message: "countryCode must be an ISO 3166-1 alpha-2 code",
    });
  return errors.length > before ? a : resolveAddressRegion(a, at, errors);
}
