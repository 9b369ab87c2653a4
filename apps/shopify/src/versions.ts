import type { SchemaVariant } from "./builder.ts";

/**
 * Served API versions and the schema variant each uses. The anchors give 2025-10 and 2026-07;
 * the quarterly releases between them are served with the older variant (the 2026-07 additions
 * are assumed absent until 2026-07, the first version whose schema we were given).
 */
export const SERVED_VERSIONS: Record<string, SchemaVariant> = {
  "2025-10": "2025-10",
  "2026-01": "2025-10",
  "2026-04": "2025-10",
  "2026-07": "2026-07",
};
const OLDEST = "2025-10";
const LATEST = "2026-07";
const RELEASE = /^(\d{4})-(01|04|07|10)$/;

export type VersionResolution = { served: string; variant: SchemaVariant } | null;

/**
 * Shopify's rule: a well-formed release that is no longer supported falls forward to the oldest
 * supported one (the response's X-Shopify-API-Version says which); anything else is 404.
 */
export function resolveVersion(requested: string): VersionResolution {
  const known = SERVED_VERSIONS[requested];
  if (known) return { served: requested, variant: known };
  if (RELEASE.test(requested) && requested < OLDEST)
    return { served: OLDEST, variant: SERVED_VERSIONS[OLDEST]! };
  void LATEST;
  return null;
}
