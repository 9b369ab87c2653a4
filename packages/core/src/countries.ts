import { iso31661, iso31662 } from "iso-3166";
import { FieldCode, type FieldError, type Path } from "./errors.ts";
import type { AddressInput } from "./model.ts";

/**
 * Countries (ISO 3166-1) and their subdivisions (ISO 3166-2) from the `iso-3166` package, with
 * English names from the platform's CLDR data (Intl.DisplayNames) as a second name per country,
 * since vendors write "United States", not ISO's "United States of America". Dialects whose
 * clients send country or region names (Shopify's deprecated `country`/`province`, Magento's
 * regions) resolve them here, so a stored address always carries codes.
 */

/** Case, accents, punctuation and spacing do not distinguish two names. */
const key = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

const english = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

const COUNTRIES = new Map<string, string>();
for (const c of iso31661)
  for (const name of [c.alpha2, c.alpha3, c.name, english.of(c.alpha2)])
    if (name) COUNTRIES.set(key(name), c.alpha2);

/** Per country: subdivision code (the part after `CC-`, as vendors send it) and names by key. */
const SUBDIVISIONS = new Map<string, { codes: Map<string, string>; names: Map<string, string> }>();
for (const s of iso31662) {
  const [country, code] = s.code.split("-") as [string, string];
  const entry = SUBDIVISIONS.get(country) ?? { codes: new Map(), names: new Map() };
  SUBDIVISIONS.set(country, entry);
  entry.codes.set(code.toUpperCase(), s.name);
  // "Puducherry (Pondicherry)": the full name, and the name without its parenthesis.
  for (const name of [s.name, s.name.replace(/\s*\(.*\)\s*$/, "")])
    entry.names.set(key(name), code.toUpperCase());
}

/** The ISO 3166-1 alpha-2 code of a country given by name, alpha-2 or alpha-3 code; null if unknown. */
export function countryCodeOf(nameOrCode: string): string | null {
  return COUNTRIES.get(key(nameOrCode)) ?? null;
}

/** The country's English name, or null for a code that is not a country. */
export function countryNameOf(code: string): string | null {
  const c = iso31661.find((x) => x.alpha2 === code.toUpperCase());
  return c ? (english.of(c.alpha2) ?? c.name) : null;
}

/** Whether the data lists subdivisions for the country (only then can a region be checked). */
export const hasSubdivisions = (countryCode: string) => SUBDIVISIONS.has(countryCode.toUpperCase());

/**
 * The subdivision code (`ON` for Ontario, Canada) of a region given by name or code (`ON`,
 * `CA-ON`), or null when it is not one of the country's.
 */
export function subdivisionCodeOf(countryCode: string, nameOrCode: string): string | null {
  const entry = SUBDIVISIONS.get(countryCode.toUpperCase());
  if (!entry) return null;
  const upper = nameOrCode.trim().toUpperCase();
  const bare = upper.startsWith(`${countryCode.toUpperCase()}-`)
    ? upper.slice(countryCode.length + 1)
    : upper;
  if (entry.codes.has(bare)) return bare;
  return entry.names.get(key(nameOrCode)) ?? null;
}

/** The subdivision's ISO name, or null when the code is not one of the country's. */
export const subdivisionNameOf = (countryCode: string, code: string): string | null =>
  SUBDIVISIONS.get(countryCode.toUpperCase())?.codes.get(code.toUpperCase()) ?? null;

const invalid = (path: Path, field: string, what: string): FieldError => ({
  path,
  code: FieldCode.INVALID,
  message: `${field} ${what}`,
});

/**
 * An address's country and region as ISO codes, with their canonical names beside them.
 * `countryCode`/`provinceCode` win over the names (`country`/`province`), which are only read when
 * the code is absent. An unknown country, or a region that is not one of the country's, is an
 * INVALID error at the member that named it. A region of a country the data lists no
 * subdivisions for, or of an address without a country, is kept as given.
 */
export function resolveAddressRegion(
  a: AddressInput,
  at: Path,
  errors: FieldError[],
): AddressInput {
  const out: AddressInput = { ...a };
  let country = a.countryCode ?? null;
  if (!country && a.country) {
    country = countryCodeOf(a.country);
    if (!country) {
      errors.push(invalid([...at, "country"], "country", "is not a known country"));
      return out;
    }
    out.countryCode = country;
  }
  if (country) out.country = countryNameOf(country) ?? a.country ?? null;
  if (!country || !hasSubdivisions(country)) return out;
  const member = a.provinceCode ? "provinceCode" : a.province ? "province" : null;
  if (!member) return out;
  const code = subdivisionCodeOf(country, a[member] as string);
  if (!code) {
    errors.push(invalid([...at, member], member, `is not a region of ${country}`));
    return out;
  }
  out.provinceCode = code;
  out.province = subdivisionNameOf(country, code);
  return out;
}
