/**
 * Storage records: the shapes the customer store reads and writes. Core's canonical model is
 * built from these (packages/core/src/model.ts); they live here because db may not import core.
 */

export interface Actor {
  dialect: string;
  credentialId: string | null;
  /**
   * Who the client says the write is for, when its vendor lets it name one (Capillary's
   * `X-CAP-API-ATTRIBUTION-*` headers: "TILL:store.server"); null or absent otherwise.
   */
  attribution?: string | null;
}

export interface IdentifierRecord {
  id: string;
  kind: string;
  namespace: string;
  value: string;
  primary: boolean;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
}

export interface AddressRecord {
  id: string;
  number: number;
  position: number;
  isDefault: boolean;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
  /** Members only some vendors have (Magento); kept when a write leaves them out. */
  middleName: string | null;
  namePrefix: string | null;
  nameSuffix: string | null;
  fax: string | null;
  vatId: string | null;
}

export interface AttributeRecord {
  namespace: string;
  key: string;
  type: string;
  value: unknown;
}

export interface MembershipRecord {
  groupId: string;
  key: string;
  name: string;
  externalId: string | null;
  createdAt: string;
}

export interface MarketingConsent {
  state: string;
  optInLevel?: string | null;
  updatedAt?: string | null;
}

/** Scalar columns of a customer that a patch may set; the order is the column order in SQL. */
export const CUSTOMER_SCALARS = {
  firstName: "first_name",
  middleName: "middle_name",
  lastName: "last_name",
  fullName: "full_name",
  shortName: "short_name",
  namePrefix: "name_prefix",
  nameSuffix: "name_suffix",
  title: "title",
  locale: "locale",
  timezone: "timezone",
  country: "country",
  department: "department",
  note: "note",
  tags: "tags",
  taxExempt: "tax_exempt",
  taxExemptions: "tax_exemptions",
  taxNumber: "tax_number",
  dateOfBirth: "date_of_birth",
  gender: "gender",
  marketing: "marketing",
  status: "status",
  loyalty: "loyalty",
  passwordHash: "password_hash",
} as const;

export type CustomerScalarField = keyof typeof CUSTOMER_SCALARS;

export interface CustomerScalars {
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  fullName: string | null;
  shortName: string | null;
  namePrefix: string | null;
  nameSuffix: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  country: string | null;
  department: string | null;
  note: string | null;
  tags: string[];
  taxExempt: boolean;
  taxExemptions: string[];
  taxNumber: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  gender: string | null;
  marketing: Record<string, MarketingConsent>;
  status: string | null;
  loyalty: Record<string, unknown>;
  passwordHash: string | null;
}

/**
 * A customer's scalars copied into a fresh object, missing ones as their empty value. Written out
 * field by field on purpose: V8 builds a literal like this in well under a microsecond, where a
 * keyed loop over CUSTOMER_SCALARS or `{ ...wide, extra }` takes 3–10 µs (measured here), and the
 * upsert path does this several times per item. The return type makes a missing field an error.
 */
export function scalarsOf(c: Partial<CustomerScalars>): CustomerScalars {
  return {
    firstName: c.firstName ?? null,
    middleName: c.middleName ?? null,
    lastName: c.lastName ?? null,
    fullName: c.fullName ?? null,
    shortName: c.shortName ?? null,
    namePrefix: c.namePrefix ?? null,
    nameSuffix: c.nameSuffix ?? null,
    title: c.title ?? null,
    locale: c.locale ?? null,
    timezone: c.timezone ?? null,
    country: c.country ?? null,
    department: c.department ?? null,
    note: c.note ?? null,
    tags: c.tags ?? [],
    taxExempt: c.taxExempt ?? false,
    taxExemptions: c.taxExemptions ?? [],
    taxNumber: c.taxNumber ?? null,
    dateOfBirth: c.dateOfBirth ?? null,
    gender: c.gender ?? null,
    marketing: c.marketing ?? {},
    status: c.status ?? null,
    loyalty: c.loyalty ?? {},
    passwordHash: c.passwordHash ?? null,
  };
}

/**
 * The scalar columns of a write-plan row (snake_case, as in the table). Nulls become undefined so
 * JSON.stringify leaves them out: jsonb_populate_recordset reads a missing key as NULL, and the
 * statement's parameter shrinks by about a third. Written out for the reason given at scalarsOf.
 */
export function scalarColumns(c: CustomerScalars) {
  const u = <T>(v: T | null) => (v === null ? undefined : v);
  return {
    first_name: u(c.firstName),
    middle_name: u(c.middleName),
    last_name: u(c.lastName),
    full_name: u(c.fullName),
    short_name: u(c.shortName),
    name_prefix: u(c.namePrefix),
    name_suffix: u(c.nameSuffix),
    title: u(c.title),
    locale: u(c.locale),
    timezone: u(c.timezone),
    country: u(c.country),
    department: u(c.department),
    note: u(c.note),
    tags: c.tags,
    tax_exempt: c.taxExempt,
    tax_exemptions: c.taxExemptions,
    tax_number: u(c.taxNumber),
    date_of_birth: u(c.dateOfBirth),
    gender: u(c.gender),
    marketing: c.marketing,
    status: u(c.status),
    loyalty: c.loyalty,
    password_hash: u(c.passwordHash),
  } satisfies Record<(typeof CUSTOMER_SCALARS)[CustomerScalarField], unknown>;
}

export interface CustomerRecord extends CustomerScalars {
  id: string;
  number: number;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  createdBy: Actor;
  updatedBy: Actor;
  identifiers: IdentifierRecord[];
  addresses: AddressRecord[];
  attributes: AttributeRecord[];
  groups: MembershipRecord[];
}

export interface EventRecord {
  id: number;
  customerId: string;
  dialect: string;
  credentialId: string | null;
  /** Actor.attribution of the writer. */
  attribution: string | null;
  result: "CREATED" | "UPDATED" | "DELETED";
  version: number;
  changes: FieldChange[];
  createdAt: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
