import type { SchemaVariant } from "./builder.ts";

/**
 * The versions whose schema we were given (the anchors), oldest first, each with its variant.
 * A version is answered with the newest of these not newer than it.
 */
export const ANCHORED_VERSIONS: readonly SchemaVariant[] = ["2025-10", "2026-07"];

const RELEASE = /^(\d{4})-(01|04|07|10)$/;

/** The quarterly release `offset` quarters from the one `today` falls in ("2026-10" for 2026-12-01). */
function release(today: Date, offset: number): string {
  const q = today.getUTCFullYear() * 4 + Math.floor(today.getUTCMonth() / 3) + offset;
  return `${Math.floor(q / 4)}-${String((q % 4) * 3 + 1).padStart(2, "0")}`;
}

/**
 * What Shopify supports on a day, as @shopify/admin-api-client computes it: the current quarter's
 * release and the three before it, the next quarter's release candidate, and `unstable`.
 */
export function supportedVersions(today = new Date()): string[] {
  return [-3, -2, -1, 0, 1].map((o) => release(today, o)).concat("unstable");
}

/** The newest anchored schema not newer than `version` (`unstable`: the newest there is). */
export function variantFor(version: string): SchemaVariant {
  const fits = ANCHORED_VERSIONS.filter((a) => version === "unstable" || a <= version);
  return fits.at(-1) ?? ANCHORED_VERSIONS[0]!;
}

export type VersionResolution = { served: string; variant: SchemaVariant } | null;

/**
 * Shopify's rule: a supported version is served as itself; a well-formed release that is no
 * longer supported falls forward to the oldest supported one (the response's
 * X-Shopify-API-Version says which); anything else (a future release, a malformed name) is 404.
 */
export function resolveVersion(requested: string, today = new Date()): VersionResolution {
  const supported = supportedVersions(today);
  if (supported.includes(requested)) return { served: requested, variant: variantFor(requested) };
  const oldest = supported[0]!;
  if (RELEASE.test(requested) && requested < oldest)
    return { served: oldest, variant: variantFor(oldest) };
  return null;
}

/** The newest stable release on a day (what a link to "the" endpoint should name). */
export const latestStableVersion = (today = new Date()): string => release(today, 0);
