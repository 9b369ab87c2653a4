import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
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

/**
 * Phone parsing is the costliest step of validating an item: libphonenumber's "max" metadata
 * tries every number type's pattern for `isValid` (~45–60 µs a parse on this machine), and one
 * item names the same number several times (a Capillary bulk item: twice as MSISDN, in its
 * identifiers and comm channels, then in core's lookup and the create's identifiers). A parse's
 * answer depends only on the text and the default country, so answers are memoised in one
 * bounded map (cleared when full, like the auth caches); keys are at most ~70 characters.
 */
const PHONE_MEMO_MAX = 20_000;
const phoneMemo = new Map<string, string>();
const INVALID = "";
function remember(key: string, value: string) {
  if (phoneMemo.size >= PHONE_MEMO_MAX) phoneMemo.clear();
  phoneMemo.set(key, value);
}

/** `v` (trimmed, at most 64 characters) as E.164, or null when libphonenumber finds it invalid. */
function parsedE164(v: string, country: CountryCode | undefined): string | null {
  const key = `p${country ?? ""}\0${v}`;
  const hit = phoneMemo.get(key);
  if (hit !== undefined) return hit === INVALID ? null : hit;
  const parsed = parsePhoneNumberFromString(v, country ? { defaultCountry: country } : undefined);
  const e164 = parsed?.isValid() ? parsed.number : null;
  remember(key, e164 ?? INVALID);
  return e164;
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
  const e164 = v.length <= 64 ? parsedE164(v, country) : null;
  if (e164 === null)
    return {
      ok: false,
      error: {
        path,
        code: FieldCode.INVALID,
        message: "Phone is invalid",
        identifierKind: "PHONE",
      },
    };
  return { ok: true, value: e164 };
}

/**
 * A phone written as digits with the country code and no `+` (MSISDN style: `916360499160`, as
 * Capillary's clients send mobiles) to E.164, reading a bare national number in `defaultCountry`:
 * digits that start with the default country's calling code and are valid that way are read
 * so, then a valid national number of the default country, then any valid `+digits`. Anything
 * else is returned unchanged, for normalizePhone to refuse (or read) with its usual error.
 */
export function msisdnToE164(raw: string, defaultCountry?: string | null): string {
  const digits = raw.trim();
  if (!/^\d{4,20}$/.test(digits)) return raw;
  const country =
    defaultCountry && isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : null;
  const key = `m${country ?? ""}\0${digits}`;
  const hit = phoneMemo.get(key);
  if (hit !== undefined) return hit === INVALID ? raw : hit;
  const out = readMsisdn(digits, country);
  remember(key, out ?? INVALID);
  return out ?? raw;
}

/** `digits` as E.164 (see msisdnToE164), or null when no reading is valid. */
function readMsisdn(digits: string, country: CountryCode | null): string | null {
  const intl = parsePhoneNumberFromString(`+${digits}`);
  if (country && intl?.isValid() && digits.startsWith(getCountryCallingCode(country)))
    return intl.number;
  const national = country ? parsePhoneNumberFromString(digits, country) : undefined;
  if (national?.isValid()) return national.number;
  if (intl?.isValid()) return intl.number;
  return null;
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
