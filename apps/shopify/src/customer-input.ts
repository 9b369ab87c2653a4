import type { AddressInput, CustomerPatch, IdentifierInput, Requirement } from "@cg/core";
import { parseGid } from "./gid.ts";
import type { MailingAddressInputShape } from "./schema/mailing-address.ts";

/** The fields CustomerSetInput and CustomerInput share. */
export interface CommonInput {
  addresses?: MailingAddressInputShape[] | null | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  locale?: string | null | undefined;
  note?: string | null | undefined;
  phone?: string | null | undefined;
  tags?: string[] | null | undefined;
  taxExempt?: boolean | null | undefined;
  taxExemptions?: string[] | null | undefined;
}

export interface MarketingInput {
  marketingState?: string | null | undefined;
  state?: string | null | undefined;
  marketingOptInLevel?: string | null | undefined;
  optInLevel?: string | null | undefined;
  consentUpdatedAt?: string | null | undefined;
  updatedAt?: string | null | undefined;
}

const ADDRESS_FIELDS = [
  "address1",
  "address2",
  "city",
  "company",
  "country",
  "countryCode",
  "firstName",
  "lastName",
  "phone",
  "province",
  "provinceCode",
  "zip",
] as const;

function toAddress(a: MailingAddressInputShape): AddressInput {
  const out: AddressInput = {};
  // MailingAddressInput.id (deprecated, still sent by real apps) names the address to update in place.
  const n = a.id ? parseGid("MailingAddress", a.id) : null;
  if (n) out.number = Number(n);
  for (const f of ADDRESS_FIELDS) {
    const v = a[f];
    if (v !== undefined && v !== null && v !== "") out[f] = v;
  }
  return out;
}

/**
 * Shopify input → core patch. Absent stays absent (left alone); list fields replace wholesale.
 * Identifiers carry Shopify's field path so core's TAKEN / INVALID come back as userErrors.field.
 */
export function toPatch(input: CommonInput, at: string = "input"): CustomerPatch {
  const p: CustomerPatch = {};
  for (const f of ["firstName", "lastName", "locale", "note"] as const)
    if (input[f] !== undefined) p[f] = input[f];
  if (input.tags !== undefined) p.tags = input.tags;
  if (input.taxExempt !== undefined) p.taxExempt = input.taxExempt;
  if (input.taxExemptions !== undefined) p.taxExemptions = input.taxExemptions;
  if (input.addresses !== undefined) p.addresses = (input.addresses ?? []).map(toAddress);
  const ids: IdentifierInput[] = [];
  if (typeof input.email === "string")
    ids.push({ kind: "EMAIL", value: input.email, primary: true, path: [at, "email"] });
  if (typeof input.phone === "string")
    ids.push({ kind: "PHONE", value: input.phone, primary: true, path: [at, "phone"] });
  if (ids.length) p.identifiers = ids;
  return p;
}

/** Explicit nulls for email / phone remove the customer's current ones. */
/** `email: null` / `phone: null` clear that identifier, whatever its stored value (inside the upsert). */
export function clears(input: CommonInput): { kind: string }[] {
  return [
    input.email === null ? { kind: "EMAIL" } : null,
    input.phone === null ? { kind: "PHONE" } : null,
  ].filter((x) => x !== null);
}

/** Shopify consent input → core marketing channel value (no time given: core stamps the write's). */
export function consent(m: MarketingInput | null | undefined) {
  if (!m) return undefined;
  return {
    state: m.marketingState ?? m.state ?? "NOT_SUBSCRIBED",
    optInLevel: m.marketingOptInLevel ?? m.optInLevel ?? null,
    updatedAt: m.consentUpdatedAt ?? m.updatedAt ?? null,
  };
}

/**
 * What a created customer must have (customerCreate, customerSet without identifier): Shopify's
 * "A name, phone number, or email address must be present" (field null, code BLANK).
 */
export const CONTACT_REQUIRED: Requirement[] = [
  {
    anyOf: ["firstName", "lastName", { identifier: "EMAIL" }, { identifier: "PHONE" }],
    path: [],
    message: "A name, phone number, or email address must be present",
  },
];
