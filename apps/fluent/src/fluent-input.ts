import type { AttributeInput, CustomerPatch, IdentifierInput, Path, UpsertInput } from "@cg/core";

/** Fluent's Json scalar: whatever the attribute's value is. */
export type Json = unknown;

export interface AttributeInputShape {
  name: string;
  type: string;
  value: Json;
}

/** CreateCustomerInput and UpdateCustomerInput as GraphQL hands them over (absent = undefined). */
export interface CustomerInputShape {
  username: string;
  attributes?: AttributeInputShape[] | null | undefined;
  title?: string | null | undefined;
  department?: string | null | undefined;
  country?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  primaryEmail?: string | null | undefined;
  primaryPhone?: string | null | undefined;
  timezone?: string | null | undefined;
  promotionOptIn?: boolean | null | undefined;
  /** Create only: the retailer's id, already checked to be the tenant's. */
  retailer?: { id: string } | null | undefined;
}

/**
 * Where Fluent's fields without a canonical home are kept: custom attributes in this namespace
 * (the customer's own Fluent `attributes` live in the default namespace "").
 */
export const FLUENT_NS = "fluent";
export const FLUENT_KEYS = {
  /** primaryEmail as given, when it is not the customer's email identifier (invalid or taken). */
  primaryEmail: "primaryEmail",
  /** primaryPhone as given, when it is not the customer's phone identifier (invalid or taken). */
  primaryPhone: "primaryPhone",
  /** country as given, when it is not an ISO 3166-1 alpha-2 code (Fluent's is free text). */
  country: "country",
  /** the retailer id the customer was created for */
  retailer: "retailer",
} as const;

/** Fluent's maximum lengths (CreateCustomerInput/UpdateCustomerInput pages; default 255). */
export const MAX_LENGTHS: Record<string, number> = {
  USERNAME: 250,
  EMAIL: 250,
  PHONE: 20,
  title: 50,
  firstName: 50,
  lastName: 50,
  timezone: 32,
  [`attribute:${FLUENT_NS}.${FLUENT_KEYS.country}`]: 100,
};

const ISO_COUNTRY = /^[A-Za-z]{2}$/;
const at = (field: string): Path => ["input", field];
const fluentAttr = (key: string, value: unknown, type = "STRING"): AttributeInput => ({
  namespace: FLUENT_NS,
  key,
  type,
  value,
});

/**
 * Fluent's createCustomer / updateCustomer input as one core upsert, keyed by `username`. Pure:
 * no IO, vendor field paths kept (`["input", "primaryEmail"]`) so core's errors point at them.
 * primaryEmail and primaryPhone become the customer's email and phone identifiers when core can
 * link them (valid, and no other customer holds them); otherwise core keeps them as Fluent text.
 */
export function toUpsertInput(
  mode: "create" | "update",
  input: CustomerInputShape,
  defaultCountry: string | null,
): UpsertInput {
  const patch: CustomerPatch = {};
  const identifiers: IdentifierInput[] = [];
  const attributes: AttributeInput[] = [];
  const clear: NonNullable<CustomerPatch["clearIdentifiers"]> = [];
  if (mode === "create")
    identifiers.push({ kind: "USERNAME", value: input.username, path: at("username") });
  for (const f of ["title", "department", "firstName", "lastName", "timezone"] as const)
    if (input[f] !== undefined) patch[f] = input[f];
  if (input.country !== undefined) {
    const iso = input.country !== null && ISO_COUNTRY.test(input.country);
    patch.country = iso ? input.country!.toUpperCase() : null;
    attributes.push(fluentAttr(FLUENT_KEYS.country, iso ? null : input.country));
  }
  const linkIfFree = (kind: "EMAIL" | "PHONE", field: "primaryEmail" | "primaryPhone") => {
    const v = input[field];
    if (v === undefined) return;
    if (v === null) {
      clear.push({ kind });
      attributes.push(fluentAttr(FLUENT_KEYS[field], null));
      return;
    }
    identifiers.push({
      kind,
      value: v,
      primary: true,
      path: at(field),
      ifFree: { fallback: { namespace: FLUENT_NS, key: FLUENT_KEYS[field] } },
    });
  };
  linkIfFree("EMAIL", "primaryEmail");
  linkIfFree("PHONE", "primaryPhone");
  if (input.promotionOptIn != null)
    patch.marketing = { email: { state: input.promotionOptIn ? "SUBSCRIBED" : "UNSUBSCRIBED" } };
  else if (input.promotionOptIn === null) patch.marketing = { email: null };
  for (const a of input.attributes ?? [])
    attributes.push({ namespace: "", key: a.name, type: a.type, value: a.value });
  if (mode === "create" && input.retailer)
    attributes.push(fluentAttr(FLUENT_KEYS.retailer, Number(input.retailer.id), "INTEGER"));
  if (identifiers.length) patch.identifiers = identifiers;
  if (clear.length) patch.clearIdentifiers = clear;
  if (attributes.length) patch.attributes = attributes;
  const lookup = [{ kind: "USERNAME", value: input.username, path: at("username") }];
  return {
    lookup,
    mode,
    ...(mode === "create" ? { onCreate: patch } : { onUpdate: patch }),
    // Attributes merge by name ("new attributes or updates to existing attributes").
    lists: { attributes: "merge", identifiers: "replace" },
    defaultCountry,
    maxLengths: MAX_LENGTHS,
  };
}

/** Core paths of scalars (["onCreate", "firstName"]) as Fluent's (["input", "firstName"]). */
export const renamePath = (p: Path): Path =>
  p[0] === "onCreate" || p[0] === "onUpdate" ? ["input", ...p.slice(1)] : p;
