import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { FieldCode, type FieldError, type Path } from "./errors.ts";
import { IdentifierKind } from "./model.ts";

export const MAX_EMAIL = 254;
export const MAX_IDENTIFIER = 255;

// Practical address syntax (what mail providers accept), not RFC 5322's quoted forms.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export type Normalized = { ok: true; value: string } | { ok: false; error: FieldError };

export function normalizeEmail(raw: string, path: Path = ["email"]): Normalized {
  const v = raw.trim().toLowerCase();
  if (v === "")
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.BLANK,
        message: "Email can't be blank",
        identifierKind: "EMAIL",
      },
    };
  if (v.length > MAX_EMAIL)
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.TOO_LONG,
        message: `Email is too long (maximum is ${MAX_EMAIL} characters)`,
        identifierKind: "EMAIL",
      },
    };
  if (!EMAIL.test(v) || v.includes(".."))
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.INVALID,
        message: "Email is invalid",
        identifierKind: "EMAIL",
      },
    };
  return { ok: true, value: v };
}

/** Phone to E.164. Without a leading + the number is read in `defaultCountry` (when given). */
export function normalizePhone(
  raw: string,
  path: Path = ["phone"],
  defaultCountry?: string | null,
): Normalized {
  const v = raw.trim();
  if (v === "")
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.BLANK,
        message: "Phone can't be blank",
        identifierKind: "PHONE",
      },
    };
  const country =
    defaultCountry && /^[A-Z]{2}$/.test(defaultCountry)
      ? (defaultCountry as CountryCode)
      : undefined;
  const parsed =
    v.length <= 64
      ? parsePhoneNumberFromString(v, country ? { defaultCountry: country } : undefined)
      : undefined;
  if (!parsed?.isValid())
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.INVALID,
        message: "Phone is invalid",
        identifierKind: "PHONE",
      },
    };
  return { ok: true, value: parsed.number };
}

/** Normalises an identifier value by kind: email lower-cased, phone E.164, others trimmed. */
export function normalizeIdentifierValue(
  kind: string,
  raw: string,
  path: Path,
  defaultCountry?: string | null,
): Normalized {
  if (kind === IdentifierKind.EMAIL) return normalizeEmail(raw, path);
  if (kind === IdentifierKind.PHONE) return normalizePhone(raw, path, defaultCountry);
  const v = raw.trim();
  if (v === "")
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.BLANK,
        message: `${label(kind)} can't be blank`,
        identifierKind: kind,
      },
    };
  if (v.length > MAX_IDENTIFIER)
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.TOO_LONG,
        message: `${label(kind)} is too long (maximum is ${MAX_IDENTIFIER} characters)`,
        identifierKind: kind,
      },
    };
  return { ok: true, value: v };
}

function label(kind: string): string {
  const s = kind.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Whether two raw values name the same identifier of `kind`, compared by core's normalisation
 * (case-insensitive email, E.164 phone, trimmed others). `null` when either value is not a valid
 * value of its kind: it names no identifier, and core's validation reports it with its own path.
 */
export function sameIdentifier(
  kind: string,
  a: string,
  b: string,
  defaultCountry?: string | null,
): boolean | null {
  const x = normalizeIdentifierValue(kind, a, [], defaultCountry);
  const y = normalizeIdentifierValue(kind, b, [], defaultCountry);
  return x.ok && y.ok ? x.value === y.value : null;
}
