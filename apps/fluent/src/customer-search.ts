import { type CustomerFilter, normalizePhone, type TextMatch } from "@cg/core";
import { FLUENT_KEYS, FLUENT_NS } from "./fluent-input.ts";

/** The `customers` query's filter arguments: lists of case-insensitive `%` patterns. */
export interface CustomerSearchArgs {
  ref?: readonly (string | null | undefined)[] | null | undefined;
  username?: readonly (string | null | undefined)[] | null | undefined;
  firstName?: readonly (string | null | undefined)[] | null | undefined;
  lastName?: readonly (string | null | undefined)[] | null | undefined;
  primaryEmail?: readonly (string | null | undefined)[] | null | undefined;
  primaryPhone?: readonly (string | null | undefined)[] | null | undefined;
}

const pattern = (p: string): TextMatch => ({ pattern: p });
const identifier = (kind: string, p: string): CustomerFilter => ({
  identifier: { kind, namespace: "", match: pattern(p) },
});
const kept = (key: string, p: string): CustomerFilter => ({
  attribute: { namespace: FLUENT_NS, key, match: pattern(p) },
});

/**
 * Each argument is a field of the customer as Fluent shows it (customer-view.ts) and each
 * pattern a case-insensitive SQL LIKE with `%` wildcards: the patterns of one argument are
 * alternatives, the arguments all apply. An email or phone matches the linked identifier or the
 * text kept for an unlinked one; a phone without wildcards also matches the number it reads as
 * in the tenant's country (identifiers are stored in E.164).
 */
export const FIELDS: Record<
  keyof CustomerSearchArgs,
  (p: string, defaultCountry: string | null) => CustomerFilter[]
> = {
  ref: (p) => [identifier("USERNAME", p)],
  username: (p) => [identifier("USERNAME", p)],
  firstName: (p) => [{ field: "firstName", match: pattern(p) }],
  lastName: (p) => [{ field: "lastName", match: pattern(p) }],
  primaryEmail: (p) => [identifier("EMAIL", p), kept(FLUENT_KEYS.primaryEmail, p)],
  primaryPhone: (p, country) => {
    const out = [identifier("PHONE", p), kept(FLUENT_KEYS.primaryPhone, p)];
    const e164 = p.includes("%") ? null : normalizePhone(p, [], country);
    if (e164?.ok)
      out.push({ identifier: { kind: "PHONE", namespace: "", match: { equals: e164.value } } });
    return out;
  },
};

/** The search arguments as one core filter (`all: []` matches every customer). */
export function toCustomerFilter(
  args: CustomerSearchArgs,
  defaultCountry: string | null,
): CustomerFilter {
  const all: CustomerFilter[] = [];
  for (const name of Object.keys(FIELDS) as (keyof CustomerSearchArgs)[]) {
    const patterns = (args[name] ?? []).filter((p): p is string => typeof p === "string");
    if (!patterns.length) continue;
    all.push({ any: patterns.flatMap((p) => FIELDS[name](p, defaultCountry)) });
  }
  return { all };
}
