import {
  type AddressInput,
  type AddressRecord,
  type AttributeInput,
  type CustomerPatch,
  IdentifierKind,
  normalizeEmail,
} from "@cg/core";
import type { MagentoErrorCase } from "./errors.ts";

/**
 * Magento's customer and address inputs → core patches. Pure: no IO, no clock (the caller passes
 * `now`). Field names stay Magento's until here, and every refusal is a Magento error case with
 * its arguments, so resolvers only throw what this returns.
 */

export type Refusal = { error: [MagentoErrorCase, ...(string | number)[]] };
const refuse = (c: MagentoErrorCase, ...args: (string | number)[]): Refusal => ({
  error: [c, ...args],
});
export const isRefusal = (v: unknown): v is Refusal =>
  typeof v === "object" && v !== null && "error" in v;

export interface AttributeValueInput {
  attribute_code: string;
  value?: string | null | undefined;
  selected_options?: ({ value: string } | null | undefined)[] | null | undefined;
}

/** The members of CustomerInput, CustomerCreateInput and CustomerUpdateInput together. */
export interface CustomerFields {
  email?: string | null | undefined;
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
  middlename?: string | null | undefined;
  prefix?: string | null | undefined;
  suffix?: string | null | undefined;
  dob?: string | null | undefined;
  date_of_birth?: string | null | undefined;
  gender?: number | null | undefined;
  taxvat?: string | null | undefined;
  is_subscribed?: boolean | null | undefined;
  password?: string | null | undefined;
  allow_remote_shopping_assistance?: boolean | null | undefined;
  custom_attributes?: (AttributeValueInput | null | undefined)[] | null | undefined;
}

/** Magento's `gender` attribute options (Male - 1, Female - 2, Not Specified - 3) ↔ core. */
export const GENDERS: Record<number, string> = { 1: "male", 2: "female", 3: "not_specified" };
export const GENDER_OPTION: Record<string, number> = { male: 1, female: 2, not_specified: 3 };

/** Front labels of the required customer attributes, for "Required parameters are missing". */
const REQUIRED_LABELS = { email: "Email", firstname: "First Name", lastname: "Last Name" } as const;

/** Where Magento-only customer members live among core attributes. */
export const MAGENTO_NS = "magento";
export const ATTR = {
  remoteAssistance: "allow_remote_shopping_assistance",
  defaultBilling: "default_billing",
} as const;
const CODE = /^[a-z][a-z0-9_]{0,59}$/;

const blank = (v: unknown) => v === null || (typeof v === "string" && v.trim() === "");
const text = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v.trim() === "" ? null : v.trim();

export interface CustomerTranslation {
  patch: CustomerPatch;
  /** The normalised email, when the input named one. */
  email?: string;
  password?: string;
}

/**
 * A customer input as a core patch. `create`: every required attribute must be there (Magento's
 * ValidateRequiredArguments); `update`: only submitted keys are checked, so `lastname: ""` fails.
 * `newsletter` false forces `is_subscribed` off on create, as Magento does.
 */
export function customerPatch(
  input: CustomerFields,
  o: { mode: "create" | "update"; now: string; newsletter: boolean },
): CustomerTranslation | Refusal {
  const missing = (Object.keys(REQUIRED_LABELS) as (keyof typeof REQUIRED_LABELS)[])
    .filter((k) =>
      o.mode === "create"
        ? input[k] === undefined || blank(input[k])
        : k in input && blank(input[k]),
    )
    .filter((k) => o.mode === "create" || k !== "email")
    .map((k) => REQUIRED_LABELS[k]);
  if (missing.length) return refuse("REQUIRED_MISSING", missing.join(", "));

  const out: CustomerTranslation = { patch: {} };
  const p = out.patch;
  if (input.email !== undefined && input.email !== null) {
    const e = normalizeEmail(input.email, ["email"]);
    if (!e.ok || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.value))
      return refuse("EMAIL_INVALID", input.email);
    out.email = e.value;
  }
  if (input.gender !== undefined && input.gender !== null && input.gender !== 0) {
    if (!GENDERS[input.gender]) return refuse("GENDER_INVALID", input.gender);
    p.gender = GENDERS[input.gender];
  } else if (input.gender === 0 || (input.gender === null && o.mode === "update")) p.gender = null;

  if (input.firstname !== undefined) p.firstName = text(input.firstname);
  if (input.lastname !== undefined) p.lastName = text(input.lastname);
  if (input.middlename !== undefined) p.middleName = text(input.middlename);
  if (input.prefix !== undefined) p.namePrefix = text(input.prefix);
  if (input.suffix !== undefined) p.nameSuffix = text(input.suffix);
  if (input.taxvat !== undefined) p.taxNumber = text(input.taxvat);
  // date_of_birth wins over the deprecated dob (CreateCustomer.php copies it onto dob).
  const dob = input.date_of_birth !== undefined ? input.date_of_birth : input.dob;
  if (dob !== undefined)
    p.dateOfBirth = dob === null || dob.trim() === "" ? null : dob.trim().slice(0, 10);

  const subscribed =
    o.mode === "create" && !o.newsletter ? false : (input.is_subscribed ?? undefined);
  if (subscribed !== undefined && (o.mode === "create" || input.is_subscribed !== undefined))
    p.marketing = {
      email: { state: subscribed ? "SUBSCRIBED" : "UNSUBSCRIBED", updatedAt: o.now },
    };

  const attributes: AttributeInput[] = [];
  if (input.allow_remote_shopping_assistance != null)
    attributes.push({
      namespace: MAGENTO_NS,
      key: ATTR.remoteAssistance,
      type: "boolean",
      value: input.allow_remote_shopping_assistance,
    });
  for (const a of input.custom_attributes ?? []) {
    if (!a) continue;
    if (!CODE.test(a.attribute_code))
      return refuse("INVALID_VALUE", `"${a.attribute_code}" is not a valid attribute code.`);
    const options = (a.selected_options ?? []).filter((x) => x != null).map((x) => x.value);
    attributes.push(
      options.length
        ? { key: a.attribute_code, type: "options", value: options }
        : { key: a.attribute_code, type: "string", value: a.value ?? null },
    );
  }
  if (attributes.length) p.attributes = attributes;
  if (out.email !== undefined)
    p.identifiers = [
      { kind: IdentifierKind.EMAIL, value: out.email, primary: true, path: ["email"] },
    ];
  if (input.password !== undefined && input.password !== null && input.password !== "")
    out.password = input.password;
  return out;
}

/** CustomerAddressInput, as storefronts send it. */
export interface AddressFields {
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
  middlename?: string | null | undefined;
  prefix?: string | null | undefined;
  suffix?: string | null | undefined;
  company?: string | null | undefined;
  street?: (string | null | undefined)[] | null | undefined;
  city?: string | null | undefined;
  region?:
    | {
        region?: string | null | undefined;
        region_code?: string | null | undefined;
        region_id?: number | null | undefined;
      }
    | null
    | undefined;
  postcode?: string | null | undefined;
  country_code?: string | null | undefined;
  country_id?: string | null | undefined;
  telephone?: string | null | undefined;
  fax?: string | null | undefined;
  vat_id?: string | null | undefined;
  default_billing?: boolean | null | undefined;
  default_shipping?: boolean | null | undefined;
  custom_attributes?: unknown[] | null | undefined;
  custom_attributesV2?: unknown[] | null | undefined;
}

export interface AddressTranslation {
  address: AddressInput;
  defaultBilling?: boolean;
  defaultShipping?: boolean;
}

/**
 * An address input as a core address: on create every required attribute must be there (codes
 * as Magento lists them); on update the input's members are laid over the stored address.
 * Regions are resolved by the caller's `region` (the country/region data), which returns the
 * refusal Magento's ValidateAddress would or the region's name and code.
 */
export function addressInput(
  input: AddressFields,
  o: {
    existing?: AddressRecord;
    streetLines: number;
    region: (
      country: string | null,
      r: AddressFields["region"],
    ) => { province: string | null; provinceCode: string | null } | Refusal;
  },
): AddressTranslation | Refusal {
  for (const k of ["custom_attributes", "custom_attributesV2"] as const)
    if (input[k]?.length) return refuse("NOT_STORED", k);
  const street = input.street?.filter((l): l is string => typeof l === "string" && l.trim() !== "");
  if (street && street.length > o.streetLines) return refuse("STREET_LINES", o.streetLines);
  const country = input.country_code ?? input.country_id;
  const e = o.existing;
  const pick = (v: string | null | undefined, stored: string | null | undefined) =>
    v === undefined ? (stored ?? null) : (text(v) ?? null);
  const address: AddressInput = {
    firstName: pick(input.firstname, e?.firstName),
    lastName: pick(input.lastname, e?.lastName),
    company: pick(input.company, e?.company),
    address1: street !== undefined ? (street[0] ?? null) : (e?.address1 ?? null),
    address2: street !== undefined ? (street[1] ?? null) : (e?.address2 ?? null),
    city: pick(input.city, e?.city),
    zip: pick(input.postcode, e?.zip),
    countryCode: country === undefined ? (e?.countryCode ?? null) : (country ?? null),
    phone: pick(input.telephone, e?.phone),
    middleName: pick(input.middlename, e?.middleName),
    namePrefix: pick(input.prefix, e?.namePrefix),
    nameSuffix: pick(input.suffix, e?.nameSuffix),
    fax: pick(input.fax, e?.fax),
    vatId: pick(input.vat_id, e?.vatId),
    province: e?.province ?? null,
    provinceCode: e?.provinceCode ?? null,
  };
  if (e) address.id = e.id;
  const missing = [
    ["firstname", address.firstName],
    ["lastname", address.lastName],
    ["street", address.address1],
    ["city", address.city],
    ["country_id", address.countryCode],
    ["telephone", address.phone],
  ]
    .filter(([, v]) => v === null || v === undefined)
    .map(([k]) => k);
  if (missing.length) return refuse("REQUIRED_MISSING", missing.join(", "));
  if (input.region !== undefined || country !== undefined || !e) {
    const r = o.region(
      address.countryCode ?? null,
      input.region ??
        (e && country === undefined ? { region: e.province, region_code: e.provinceCode } : null),
    );
    if (isRefusal(r)) return r;
    address.province = r.province;
    address.provinceCode = r.provinceCode;
  }
  const out: AddressTranslation = { address };
  if (input.default_billing != null) out.defaultBilling = input.default_billing;
  if (input.default_shipping != null) out.defaultShipping = input.default_shipping;
  return out;
}
