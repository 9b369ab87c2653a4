import type { AddressRecord, Customer, IdentifierRecord } from "@cg/core";
import type { PageInfoShape } from "@cg/graphql-kit";
import type { Builder } from "../builder.ts";
import { COUNTRY_CODE, CURRENCY_CODE, TAX_EXEMPTION } from "./enum-values.ts";

export type { ConnectionShape, PageInfoShape } from "@cg/graphql-kit";
export interface UserErrorShape {
  field: string[] | null;
  message: string;
  code?: string | null;
}
export interface ContactPoint {
  customer: Customer;
  identifier: IdentifierRecord;
}
export interface PayloadShape {
  customer: Customer | null;
  userErrors: UserErrorShape[];
}

type Values = readonly (string | readonly [string, string])[];
const enumValues = (values: Values) =>
  Object.fromEntries(
    values.map((v) => (typeof v === "string" ? [v, {}] : [v[0], { deprecationReason: v[1] }])),
  );

/** Object, enum and scalar refs shared by the schema files of one builder. */
export function createRefs(b: Builder) {
  for (const name of ["DateTime", "Decimal", "UnsignedInt64", "URL"] as const)
    b.scalarType(name, {
      serialize: (v) => String(v),
      parseValue: (v) => {
        if (typeof v !== "string" && typeof v !== "number")
          throw new TypeError(`${name} must be a string`);
        return String(v);
      },
    });
  const e = (name: string, values: Values) => b.enumType(name, { values: enumValues(values) });
  const UniqueMetafieldValueInput = b.inputType("UniqueMetafieldValueInput", {
    fields: (t) => ({
      key: t.string({ required: true }),
      namespace: t.string({ required: false }),
      value: t.string({ required: true }),
    }),
  });
  return {
    UniqueMetafieldValueInput,
    Customer: b.objectRef<Customer>("Customer"),
    MailingAddress: b.objectRef<AddressRecord>("MailingAddress"),
    CustomerEmailAddress: b.objectRef<ContactPoint>("CustomerEmailAddress"),
    CustomerPhoneNumber: b.objectRef<ContactPoint>("CustomerPhoneNumber"),
    PageInfo: b.objectRef<PageInfoShape>("PageInfo"),
    UserError: b.objectRef<UserErrorShape>("UserError"),
    DisplayableError: b.interfaceRef<UserErrorShape>("DisplayableError"),
    Node: b.interfaceRef<{ id: string }>("Node"),
    enums: {
      TaxExemption: e("TaxExemption", TAX_EXEMPTION),
      CountryCode: e("CountryCode", COUNTRY_CODE),
      CurrencyCode: e("CurrencyCode", CURRENCY_CODE),
      CustomerState: e("CustomerState", ["DECLINED", "DISABLED", "ENABLED", "INVITED"]),
      CustomerEmailAddressMarketingState: e("CustomerEmailAddressMarketingState", [
        "INVALID",
        "NOT_SUBSCRIBED",
        "PENDING",
        "SUBSCRIBED",
        "UNSUBSCRIBED",
      ]),
      CustomerEmailAddressOpenTrackingLevel: e("CustomerEmailAddressOpenTrackingLevel", [
        "OPTED_IN",
        "OPTED_OUT",
        "UNKNOWN",
      ]),
      CustomerMarketingOptInLevel: e("CustomerMarketingOptInLevel", [
        "CONFIRMED_OPT_IN",
        "SINGLE_OPT_IN",
        "UNKNOWN",
      ]),
      CustomerSmsMarketingState: e("CustomerSmsMarketingState", [
        "NOT_SUBSCRIBED",
        "PENDING",
        "REDACTED",
        "SUBSCRIBED",
        "UNSUBSCRIBED",
      ]),
      CustomerEmailMarketingState: e("CustomerEmailMarketingState", [
        "INVALID",
        "NOT_SUBSCRIBED",
        "PENDING",
        "REDACTED",
        "SUBSCRIBED",
        "UNSUBSCRIBED",
      ]),
      CustomerConsentCollectedFrom: e("CustomerConsentCollectedFrom", ["OTHER", "SHOPIFY"]),
      CustomerProductSubscriberStatus: e("CustomerProductSubscriberStatus", [
        "ACTIVE",
        "CANCELLED",
        "EXPIRED",
        "FAILED",
        "NEVER_SUBSCRIBED",
        "PAUSED",
      ]),
      CustomerSortKeys: e("CustomerSortKeys", [
        "CREATED_AT",
        "ID",
        "LOCATION",
        "NAME",
        "RELEVANCE",
        "UPDATED_AT",
      ]),
      CountPrecision: e("CountPrecision", ["AT_LEAST", "EXACT"]),
      MailingAddressValidationResult: e("MailingAddressValidationResult", [
        "ERROR",
        "NO_ISSUES",
        "WARNING",
      ]),
      CustomerSetUserErrorCode: e("CustomerSetUserErrorCode", [
        "BLANK",
        "ID_NOT_ALLOWED",
        "INCLUSION",
        "INPUT_MISMATCH",
        "INVALID",
        "METAFIELD_MISMATCH",
        "MISSING_FIELD_REQUIRED",
        "NOT_FOUND",
        "PRESENT",
        "TAKEN",
        "TOO_LONG",
        "TOO_SHORT",
      ]),
    },
  };
}

export type Refs = ReturnType<typeof createRefs>;
