import type { Customer, UpsertResult } from "@cg/core";
import { builder } from "../builder.ts";
import { missingScopes } from "../context.ts";
import {
  forbiddenMutation,
  inputError,
  type MutationErrorShape,
  toMutationError,
} from "../errors.ts";
import { toUpsertInput } from "../plain-input.ts";
import {
  EmailAddressInput,
  MutationErrorRef,
  OptionalStringInput,
  StringInput,
  TenantIdentifierInput,
} from "./common.ts";
import { CustomerRef } from "./customer.ts";
import { CustomerGroupIdentifier } from "./customer-group.ts";

const UpsertCustomerIdentifierInput = builder.inputType("UpsertCustomerIdentifierInput", {
  fields: (t) => ({
    externalId: t.id({ required: false }),
    emailAddress: t.string({ required: false }),
    customerId: t.id({ required: false }),
  }),
});

const UpsertCustomerOnCreateInput = builder.inputType("UpsertCustomerOnCreateInput", {
  fields: (t) => ({
    externalId: t.id({ required: false }),
    fullName: t.string({ required: true }),
    shortName: t.string({ required: false }),
    email: t.field({ type: EmailAddressInput, required: true }),
    customerGroupIdentifiers: t.field({ type: [CustomerGroupIdentifier], required: false }),
    tenantIdentifiers: t.field({ type: [TenantIdentifierInput], required: false }),
  }),
});

const UpsertCustomerOnUpdateInput = builder.inputType("UpsertCustomerOnUpdateInput", {
  fields: (t) => ({
    externalId: t.field({ type: OptionalStringInput, required: false }),
    fullName: t.field({ type: StringInput, required: false }),
    shortName: t.field({ type: OptionalStringInput, required: false }),
    email: t.field({ type: EmailAddressInput, required: false }),
  }),
});

const UpsertCustomerInput = builder.inputType("UpsertCustomerInput", {
  fields: (t) => ({
    identifier: t.field({ type: UpsertCustomerIdentifierInput, required: true }),
    onCreate: t.field({ type: UpsertCustomerOnCreateInput, required: true }),
    onUpdate: t.field({ type: UpsertCustomerOnUpdateInput, required: true }),
  }),
});

const UpsertResultEnum = builder.enumType("UpsertResult", {
  values: ["UPDATED", "CREATED", "NOOP"] as const,
});

interface UpsertOutputShape {
  result: UpsertResult | null;
  customer: Customer | null;
  error: MutationErrorShape | null;
}

const UpsertCustomerOutput = builder
  .objectRef<UpsertOutputShape>("UpsertCustomerOutput")
  .implement({
    fields: (t) => ({
      result: t.field({ type: UpsertResultEnum, nullable: true, resolve: (o) => o.result }),
      customer: t.field({ type: CustomerRef, nullable: true, resolve: (o) => o.customer }),
      error: t.field({ type: MutationErrorRef, nullable: true, resolve: (o) => o.error }),
    }),
  });

const failed = (error: MutationErrorShape): UpsertOutputShape => ({
  result: null,
  customer: null,
  error,
});

builder.mutationField("upsertCustomer", (t) =>
  t.field({
    type: UpsertCustomerOutput,
    nullable: false,
    description: "Creates or updates a customer.",
    args: { input: t.arg({ type: UpsertCustomerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // Plain documents both permissions for upsert, whichever branch ends up running.
      const missing = missingScopes(ctx, ["customer:create", "customer:edit"]);
      if (missing.length) return failed(forbiddenMutation(missing));
      const mapped = toUpsertInput(input);
      if (!mapped.ok) return failed(inputError(mapped.errors));
      const r = await ctx.core.upsert(ctx.call, mapped.value);
      if (!r.ok) return failed(toMutationError(r.error, undefined, "identifier.customerId"));
      return { result: r.value.result, customer: r.value.customer, error: null };
    },
  }),
);
