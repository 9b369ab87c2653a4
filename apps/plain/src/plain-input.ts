import {
  type CustomerPatch,
  FieldCode,
  type FieldError,
  type GroupRef,
  type IdentifierInput,
  type LookupKey,
  type Path,
  type Requirement,
  type UpsertInput,
} from "@cg/core";

/** Plain customer ids are `c_` + our ULID; nothing else names a customer. */
const ID_PREFIX = "c_";
const CUSTOMER_ID = /^c_([0-9A-HJKMNP-TV-Z]{26})$/;
export const parseCustomerId = (plainId: string): string | null =>
  CUSTOMER_ID.exec(plainId.trim())?.[1] ?? null;
export const plainCustomerId = (coreId: string) => `${ID_PREFIX}${coreId}`;
/** A Plain customer id as a core lookup: core strips the prefix; anything else names no one. */
export const customerIdKey = (plainId: string, path: Path): LookupKey => ({
  kind: "ID",
  value: plainId,
  idPrefix: ID_PREFIX,
  path,
});

/** Plain's fullName may not be blank, on create or update (Plain answers REQUIRED). */
const REQUIRED: Requirement[] = [
  {
    anyOf: ["fullName"],
    path: { onCreate: ["onCreate", "fullName"], onUpdate: ["onUpdate", "fullName", "value"] },
    code: FieldCode.REQUIRED,
    message: "fullName is required",
  },
];

type Maybe<T> = T | null | undefined;

export interface CustomerGroupIdentifierIn {
  customerGroupId?: Maybe<string>;
  customerGroupKey?: Maybe<string>;
  externalId?: Maybe<string>;
}

export interface UpsertCustomerIn {
  identifier: {
    externalId?: Maybe<string>;
    emailAddress?: Maybe<string>;
    customerId?: Maybe<string>;
  };
  onCreate: {
    externalId?: Maybe<string>;
    fullName: string;
    shortName?: Maybe<string>;
    email: { email: string; isVerified: boolean };
    customerGroupIdentifiers?: Maybe<CustomerGroupIdentifierIn[]>;
    tenantIdentifiers?: Maybe<unknown[]>;
  };
  onUpdate: {
    externalId?: Maybe<{ value?: Maybe<string> }>;
    fullName?: Maybe<{ value: string }>;
    shortName?: Maybe<{ value?: Maybe<string> }>;
    email?: Maybe<{ email: string; isVerified: boolean }>;
  };
}

/** Each identifier names a group by exactly one of its id, key or external id. */
export function groupRefs(
  ids: readonly CustomerGroupIdentifierIn[],
  at: Path,
  errors: FieldError[],
): GroupRef[] {
  return ids.flatMap((g, i) => {
    const given = [
      g.customerGroupId != null ? { id: g.customerGroupId } : null,
      g.customerGroupKey != null ? { key: g.customerGroupKey } : null,
      g.externalId != null ? { externalId: g.externalId } : null,
    ].filter((x): x is GroupRef => x !== null);
    if (given.length !== 1) {
      errors.push({
        path: [...at, i],
        code: FieldCode.INVALID,
        message: "Exactly one of customerGroupId, customerGroupKey or externalId must be provided",
      });
      return [];
    }
    return given;
  });
}

const email = (e: { email: string; isVerified: boolean }, path: Path): IdentifierInput => ({
  kind: "EMAIL",
  value: e.email,
  verified: e.isVerified,
  primary: true,
  path,
});
const externalId = (value: string, path: Path): IdentifierInput => ({
  kind: "EXTERNAL_ID",
  namespace: "",
  value,
  path,
});

/**
 * Plain's upsertCustomer input → core's upsert: one identifier as lookup, onCreate only when
 * creating, onUpdate only when updating (absent wrappers left alone, `{ value: null }` clears).
 * Core trims the names and checks that fullName is not blank (REQUIRED).
 */
export function toUpsertInput(
  input: UpsertCustomerIn,
): { ok: true; value: UpsertInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const { identifier: id, onCreate: c, onUpdate: u } = input;
  const lookup: LookupKey[] = [];
  if (id.emailAddress != null)
    lookup.push({ kind: "EMAIL", value: id.emailAddress, path: ["identifier", "emailAddress"] });
  if (id.externalId != null)
    lookup.push({
      kind: "EXTERNAL_ID",
      namespace: "",
      value: id.externalId,
      path: ["identifier", "externalId"],
    });
  if (id.customerId != null)
    lookup.push(customerIdKey(id.customerId, ["identifier", "customerId"]));
  if (lookup.length !== 1)
    errors.push({
      path: ["identifier"],
      code: FieldCode.INVALID,
      message: "Exactly one of emailAddress, customerId or externalId must be provided",
    });

  const onCreate: CustomerPatch = {
    fullName: c.fullName,
    identifiers: [email(c.email, ["onCreate", "email", "email"])],
  };
  if (c.shortName != null) onCreate.shortName = c.shortName;
  if (c.externalId != null)
    onCreate.identifiers!.push(externalId(c.externalId, ["onCreate", "externalId"]));
  if (c.customerGroupIdentifiers?.length)
    onCreate.groups = groupRefs(
      c.customerGroupIdentifiers,
      ["onCreate", "customerGroupIdentifiers"],
      errors,
    );
  if (c.tenantIdentifiers?.length)
    errors.push({
      path: ["onCreate", "tenantIdentifiers"],
      code: FieldCode.INVALID,
      message: "Tenants are not supported by this API",
    });

  const onUpdate: CustomerPatch = {};
  const ids: IdentifierInput[] = [];
  if (u.fullName != null) onUpdate.fullName = u.fullName.value;
  if (u.shortName != null) onUpdate.shortName = u.shortName.value ?? null;
  if (u.email != null) ids.push(email(u.email, ["onUpdate", "email", "email"]));
  if (u.externalId != null) {
    if (u.externalId.value == null)
      onUpdate.clearIdentifiers = [{ kind: "EXTERNAL_ID", namespace: "" }];
    else ids.push(externalId(u.externalId.value, ["onUpdate", "externalId", "value"]));
  }
  if (ids.length) onUpdate.identifiers = ids;
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { lookup, onCreate, onUpdate, required: REQUIRED } };
}
