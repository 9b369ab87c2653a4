import type { PageInfoShape } from "@cg/graphql-kit";
import { builder } from "../builder.ts";
import {
  type MutationErrorShape,
  MutationErrorType as MutationErrorTypes,
  type MutationFieldErrorShape,
  MutationFieldErrorType as MutationFieldErrorTypes,
} from "../errors.ts";

/** Plain's DateTime is an object, not a scalar: both renderings of one instant. */
export const DateTimeRef = builder.objectRef<string>("DateTime").implement({
  fields: (t) => ({
    unixTimestamp: t.string({ nullable: false, resolve: (iso) => String(Date.parse(iso)) }),
    iso8601: t.string({ nullable: false, resolve: (iso) => new Date(iso).toISOString() }),
  }),
});

export { emptyPageInfo, type PageInfoShape } from "@cg/graphql-kit";

export const PageInfoRef = builder.objectRef<PageInfoShape>("PageInfo").implement({
  fields: (t) => ({
    hasPreviousPage: t.exposeBoolean("hasPreviousPage", { nullable: false }),
    hasNextPage: t.exposeBoolean("hasNextPage", { nullable: false }),
    startCursor: t.exposeString("startCursor", { nullable: true }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

export const SortDirection = builder.enumType("SortDirection", {
  values: ["ASC", "DESC"] as const,
});

const MutationErrorTypeEnum = builder.enumType("MutationErrorType", {
  description: "An enum for why the mutation failed overall.",
  values: Object.keys(MutationErrorTypes) as (keyof typeof MutationErrorTypes)[],
});
const MutationFieldErrorTypeEnum = builder.enumType("MutationFieldErrorType", {
  description: "An enum specific to each field, explaining why validation failed.",
  values: Object.keys(MutationFieldErrorTypes) as (keyof typeof MutationFieldErrorTypes)[],
});

const MutationFieldErrorRef = builder
  .objectRef<MutationFieldErrorShape>("MutationFieldError")
  .implement({
    description: "A type indicating an error has occurred with a specific field in the input.",
    fields: (t) => ({
      field: t.exposeString("field", { nullable: false }),
      message: t.exposeString("message", { nullable: false }),
      type: t.expose("type", { type: MutationFieldErrorTypeEnum, nullable: false }),
    }),
  });

export const MutationErrorRef = builder.objectRef<MutationErrorShape>("MutationError").implement({
  description: "A type indicating an error has occurred while making a mutation.",
  fields: (t) => ({
    message: t.exposeString("message", { nullable: false }),
    type: t.expose("type", { type: MutationErrorTypeEnum, nullable: false }),
    code: t.exposeString("code", { nullable: false }),
    fields: t.expose("fields", { type: [MutationFieldErrorRef], nullable: false }),
  }),
});

// Plain's `{ value }` wrappers: an absent wrapper leaves a field alone, `{ value: null }` clears it.
export const StringInput = builder.inputType("StringInput", {
  fields: (t) => ({ value: t.string({ required: true }) }),
});
export const OptionalStringInput = builder.inputType("OptionalStringInput", {
  fields: (t) => ({ value: t.string({ required: false }) }),
});
builder.inputType("IntInput", { fields: (t) => ({ value: t.int({ required: true }) }) });
builder.inputType("BooleanInput", { fields: (t) => ({ value: t.boolean({ required: true }) }) });
builder.inputType("OptionalBooleanInput", {
  fields: (t) => ({ value: t.boolean({ required: false }) }),
});
builder.inputType("OptionalFloatInput", {
  fields: (t) => ({ value: t.float({ required: false }) }),
});
builder.inputType("OptionalDateTimeInput", {
  fields: (t) => ({ value: t.string({ required: false }) }),
});

export const EmailAddressInput = builder.inputType("EmailAddressInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    isVerified: t.boolean({ required: true }),
  }),
});

export const DatetimeFilter = builder.inputType("DatetimeFilter", {
  fields: (t) => ({
    after: t.string({
      required: false,
      description:
        "Timestamps -greater or equal- than this value. ISO 8601 format (e.g. 2024-10-28T18:30:00Z).",
    }),
    before: t.string({
      required: false,
      description:
        "Timestamps -less- than this value. ISO 8601 format (e.g. 2024-10-28T18:30:00Z).",
    }),
  }),
});

export const TenantIdentifierInput = builder.inputType("TenantIdentifierInput", {
  fields: (t) => ({
    tenantId: t.id({ required: false }),
    externalId: t.string({ required: false }),
  }),
});

export const CompanyIdentifierInput = builder.inputType("CompanyIdentifierInput", {
  fields: (t) => ({
    companyId: t.id({
      required: false,
      description: "Plain's internal identifier for the company.",
    }),
    companyDomainName: t.string({
      required: false,
      description: "The domain name of the company (e.g. plain.com).",
    }),
  }),
});
