import type { IdentifierRecord } from "@cg/db";
import { customerNames } from "./customer-names.ts";
import type { Customer } from "./model.ts";

/** The primary identifier of a kind in the default namespace (core keeps one primary per kind). */
export function primaryIdentifier(c: Customer, kind: string): IdentifierRecord | null {
  let first: IdentifierRecord | null = null;
  for (const i of c.identifiers)
    if (i.kind === kind && i.namespace === "") {
      if (i.primary) return i;
      first ??= i;
    }
  return first;
}

export const primaryEmail = (c: Customer) => primaryIdentifier(c, "EMAIL");
export const primaryPhone = (c: Customer) => primaryIdentifier(c, "PHONE");

/** What to call a customer: the full name, else the primary email, else the primary phone. */
export const displayName = (c: Customer): string =>
  customerNames(c).fullName ?? primaryEmail(c)?.value ?? primaryPhone(c)?.value ?? "";
