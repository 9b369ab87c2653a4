import { createRequire } from "node:module";

/**
 * ISO 3166-1 countries with their subdivisions, from the `country-region-data` package (pinned in
 * the catalog), for dialects that list countries and regions or check an address's region.
 * Region ids are numeric for vendors whose APIs use numbers (Magento's region_id): derived from
 * the pinned data's order (country position × 1000 + region position), so they are stable for a
 * given version of the package, and are not any vendor's own ids.
 */
export interface Region {
  id: number;
  /** The subdivision code without the country prefix ("TX", "84"); null where the data has none. */
  code: string | null;
  name: string;
}

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** English short name. */
  name: string;
  regions: Region[];
}

type Raw = {
  countryName: string;
  countryShortCode: string;
  regions: { name: string; shortCode?: string }[];
};

let cache: {
  list: Country[];
  byCode: Map<string, Country>;
  byRegionId: Map<number, [Country, Region]>;
} | null = null;

function load() {
  if (cache) return cache;
  const raw = createRequire(import.meta.url)("country-region-data/data.json") as Raw[];
  const list = [...raw]
    .sort((a, b) => (a.countryShortCode < b.countryShortCode ? -1 : 1))
    .map(
      (c, i): Country => ({
        code: c.countryShortCode,
        name: c.countryName,
        regions: c.regions.map((r, j) => ({
          id: (i + 1) * 1000 + j + 1,
          code: r.shortCode ? r.shortCode.replace(new RegExp(`^${c.countryShortCode}-`), "") : null,
          name: r.name,
        })),
      }),
    );
  const byRegionId = new Map<number, [Country, Region]>();
  for (const c of list) for (const r of c.regions) byRegionId.set(r.id, [c, r]);
  cache = { list, byCode: new Map(list.map((c) => [c.code, c])), byRegionId };
  return cache;
}

/** Every country, by alpha-2 code. */
export const listCountries = (): readonly Country[] => load().list;

export const findCountry = (code: string): Country | null =>
  load().byCode.get(code.toUpperCase()) ?? null;

/** The country's region with this code or name (either, case-insensitive), or null. */
export function findRegion(country: string, codeOrName: string): Region | null {
  const c = findCountry(country);
  const q = codeOrName.trim().toLowerCase();
  return (
    c?.regions.find((r) => r.code?.toLowerCase() === q) ??
    c?.regions.find((r) => r.name.toLowerCase() === q) ??
    null
  );
}

/** A region by its numeric id, with its country. */
export const findRegionById = (id: number): { country: Country; region: Region } | null => {
  const hit = load().byRegionId.get(id);
  return hit ? { country: hit[0], region: hit[1] } : null;
};

/** The country's name in a locale (Intl, Node's ICU); the English name when ICU has none. */
export function countryName(code: string, locale = "en"): string | null {
  const c = findCountry(code);
  if (!c) return null;
  try {
    return (
      new Intl.DisplayNames([locale.replace("_", "-")], { type: "region" }).of(c.code) ?? c.name
    );
  } catch {
    return c.name;
  }
}
