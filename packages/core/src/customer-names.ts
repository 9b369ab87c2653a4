import type { CustomerScalars } from "@cg/db";
import type { CustomerPatch } from "./model.ts";

/**
 * The one name policy every dialect shares. A customer has a full name (Plain's `fullName`) and
 * given names (first, middle, last: Shopify, Fluent, Magento, Capillary). Both are stored; core
 * keeps them telling one story on write (`reconcileNames`), and reads fill whichever side is
 * missing from the other (`customerNames`), so a name written through one dialect reads the same
 * through every other.
 */
type Names = Pick<CustomerScalars, "firstName" | "middleName" | "lastName" | "fullName">;

/** Generational suffixes stay with the family name when a full name is split ("Smith Jr."). */
const SUFFIX = /^(jr|sr|ii|iii|iv)\.?$/i;

const present = (s: string | null): s is string => s !== null && s.trim() !== "";

/** First, middle and last joined by single spaces; null when all are blank. */
export function joinNames(
  first: string | null,
  middle: string | null,
  last: string | null,
): string | null {
  let out = "";
  for (const s of [first, middle, last])
    if (present(s)) out = out ? `${out} ${s.trim()}` : s.trim();
  return out || null;
}

/**
 * A full name as first and last: the last word is the family name (with a trailing generational
 * suffix: "Robert Smith Jr." → "Robert" / "Smith Jr."), everything before it the first name.
 */
export function splitFullName(full: string): { firstName: string | null; lastName: string | null } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: null, lastName: null };
  if (parts.length === 1) return { firstName: parts[0]!, lastName: null };
  let cut = parts.length - 1;
  while (cut > 1 && SUFFIX.test(parts[cut]!)) cut--;
  return { firstName: parts.slice(0, cut).join(" "), lastName: parts.slice(cut).join(" ") };
}

export interface CustomerNames {
  /** The stored full name, else the given names joined. */
  fullName: string | null;
  /** The stored given names, else the full name split. */
  firstName: string | null;
  lastName: string | null;
  /** The stored short name; for a customer never given a full name, its first name. */
  shortName: string | null;
}

/** The canonical names of a customer, as every dialect reads them. */
export function customerNames(c: Names & Pick<CustomerScalars, "shortName">): CustomerNames {
  const first = present(c.firstName) ? c.firstName : null;
  const last = present(c.lastName) ? c.lastName : null;
  const full = present(c.fullName) ? c.fullName : null;
  const given = first !== null || last !== null;
  const fullName = full ?? joinNames(first, c.middleName, last);
  const split = !given && fullName !== null ? splitFullName(fullName) : null;
  return {
    fullName,
    firstName: split ? split.firstName : first,
    lastName: split ? split.lastName : last,
    shortName: (present(c.shortName) ? c.shortName : null) ?? (full === null ? first : null),
  };
}

/**
 * After a patch that set one side of the name only, brings the other side in line, so that the
 * stored full name and given names never disagree (a patch that sets both is taken as given):
 * - a new full name that the stored given names no longer spell replaces them by its split;
 * - new given names replace a stored full name by their join; given names the caller saw only as
 *   the split of the full name (none stored) are filled from it first, so setting the first name
 *   of "Robert Smith Jr." keeps "Smith Jr.".
 * Customers that only ever had one side keep only that side (the other is derived on read).
 */
export function reconcileNames(before: Names, patch: CustomerPatch, next: Names): void {
  const full = patch.fullName !== undefined;
  const given =
    patch.firstName !== undefined || patch.middleName !== undefined || patch.lastName !== undefined;
  if (full === given) return;
  if (full) {
    if (next.fullName === null) return;
    if (next.firstName === null && next.middleName === null && next.lastName === null) return;
    if (joinNames(next.firstName, next.middleName, next.lastName) === next.fullName) return;
    const s = splitFullName(next.fullName);
    next.firstName = s.firstName;
    next.middleName = null;
    next.lastName = s.lastName;
    return;
  }
  if (before.fullName === null) return;
  if (before.firstName === null && before.middleName === null && before.lastName === null) {
    const s = splitFullName(before.fullName);
    if (patch.firstName === undefined) next.firstName = s.firstName;
    if (patch.lastName === undefined) next.lastName = s.lastName;
  }
  const joined = joinNames(next.firstName, next.middleName, next.lastName);
  if (joined !== next.fullName) next.fullName = joined;
}
