import type { Actor, Customer, IdentifierRecord } from "@cg/core";
import {
  EXTENDED_NS,
  FIELDS_NS,
  namespaceOf,
  PROFILES_NS,
  type SourceAccount,
  TYPE_OF_KIND,
} from "./capillary-input.ts";
import type { CapMessage } from "./errors.ts";

/**
 * A canonical customer in the shape of Capillary's customer lookup (`customerDetails`): one
 * profile per source account, each with the tenant-wide mobile and email and the account's own
 * identifiers. Mobiles are answered as Capillary writes them: digits with the country code, no `+`.
 */

/** Capillary's timestamps: seconds, with an offset (`2026-12-01T21:45:39Z`). */
const stamp = (iso: string) => iso.replace(/\.\d{3}Z$/, "Z");

/** "TILL:store.server" → Capillary's attribution actor. */
function attributionActor(a: Actor) {
  const at = a.attribution?.indexOf(":") ?? -1;
  const type = at > 0 ? a.attribution!.slice(0, at) : "TILL";
  const code = at > 0 ? a.attribution!.slice(at + 1) : null;
  return { code, name: code, type };
}

const wireValue = (i: IdentifierRecord) =>
  i.kind === "PHONE" ? i.value.replace(/^\+/, "") : i.value;

export function sourceAccounts(c: Customer): SourceAccount[] {
  const out = c.attributes
    .filter((a) => a.namespace === PROFILES_NS)
    .map((a) => a.value as SourceAccount);
  // A customer written by another dialect has no Capillary profile yet: it reads as an INSTORE one.
  return out.length ? out : [{ source: "INSTORE", accountId: "" }];
}

export function toCustomerDetails(c: Customer, warnings: CapMessage[] = []) {
  const shared = c.identifiers.filter(
    (i) => i.namespace === "" && (i.kind === "PHONE" || i.kind === "EMAIL"),
  );
  const commChannels = shared.map((i) => ({
    type: i.kind === "PHONE" ? "mobile" : "email",
    value: wireValue(i),
    primary: i.primary,
    verified: i.verified,
    meta: { lastViewedDate: "", residence: false, office: false },
  }));
  const fields = Object.fromEntries(
    c.attributes.filter((a) => a.namespace === FIELDS_NS).map((a) => [a.key, a.value]),
  );
  const extendedFields: Record<string, unknown> = Object.fromEntries(
    c.attributes.filter((a) => a.namespace === EXTENDED_NS).map((a) => [a.key, a.value]),
  );
  if (c.gender !== null) extendedFields.gender = c.gender;
  if (c.dateOfBirth !== null) extendedFields.dateOfBirth = c.dateOfBirth;
  const attribution = {
    createDate: stamp(c.createdAt),
    createdBy: attributionActor(c.createdBy),
    modifiedBy: attributionActor(c.updatedBy),
    modifiedDate: stamp(c.updatedAt),
  };
  const profiles = sourceAccounts(c).map((account) => {
    const ns = namespaceOf(account);
    const identifiers = [...shared, ...c.identifiers.filter((i) => i.namespace === ns)].map(
      (i) => ({ type: TYPE_OF_KIND.get(i.kind) ?? i.kind, value: wireValue(i) }),
    );
    return {
      firstName: c.firstName,
      lastName: c.lastName,
      attribution,
      fields,
      allFields: fields,
      identifiers,
      commChannels,
      source: account.source,
      userId: c.number,
      accountId: account.accountId,
      conflictingProfileList: [] as unknown[],
      autoUpdateTime: null,
      identifiersAll: identifiers,
    };
  });
  const loyaltyType = c.loyalty.loyaltyType;
  return {
    id: c.number,
    profiles,
    loyaltyInfo: { loyaltyType: typeof loyaltyType === "string" ? loyaltyType : "loyalty" },
    segments: {},
    associatedWith: null,
    extendedFields,
    cardDetails: [] as unknown[],
    warnings,
  };
}
