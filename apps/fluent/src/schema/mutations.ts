import { ErrorKind } from "@cg/core";
import { builder } from "../builder.ts";
import { FLUENT_SCOPES, type FluentContext, requireScope } from "../context.ts";
import { toFluentCustomer } from "../customer-view.ts";
import { FluentCode, fluentError, toFluentError } from "../errors.ts";
import { type CustomerInputShape, renamePath, toUpsertInput } from "../fluent-input.ts";
import { CustomerRef } from "./customer.ts";

const AttributeInput = builder.inputType("AttributeInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.string({ required: true }),
    value: t.field({ type: "Json", required: true }),
  }),
});

const RetailerId = builder.inputType("RetailerId", {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const CreateCustomerInput = builder.inputType("CreateCustomerInput", {
  description: "Customer",
  fields: (t) => ({
    username: t.string({ required: true }),
    attributes: t.field({ type: [AttributeInput], required: { list: false, items: false } }),
    title: t.string(),
    department: t.string(),
    country: t.string(),
    firstName: t.string(),
    lastName: t.string(),
    primaryEmail: t.string({ required: true }),
    primaryPhone: t.string(),
    timezone: t.string(),
    promotionOptIn: t.boolean({ required: true }),
    retailer: t.field({ type: RetailerId, required: true }),
  }),
});

const UpdateCustomerInput = builder.inputType("UpdateCustomerInput", {
  description: "Input type to update a Customer.",
  fields: (t) => ({
    username: t.string({
      required: true,
      description:
        "The username of the customer. This value is used to identify the customer to update.",
    }),
    attributes: t.field({
      type: [AttributeInput],
      required: { list: false, items: false },
      description: "List of new attributes or updates to existing attributes.",
    }),
    title: t.string(),
    country: t.string(),
    firstName: t.string(),
    lastName: t.string(),
    primaryEmail: t.string(),
    primaryPhone: t.string(),
    timezone: t.string(),
    promotionOptIn: t.boolean({
      description: "Specifies whether the customer has opted-in to receive promotions",
    }),
  }),
});

// GraphQL hands absent fields over as absent and explicit nulls as null: the translator's contract.
type Given = CustomerInputShape & Record<string, unknown>;

async function write(
  ctx: FluentContext,
  mode: "create" | "update",
  input: Given | null | undefined,
) {
  requireScope(ctx, FLUENT_SCOPES.write);
  if (!input) throw fluentError(FluentCode.MISSING, "Variable 'input' is required");
  if (mode === "create") {
    const id = Number(input.retailer?.id);
    const retailer = /^\d{1,10}$/.test(String(input.retailer?.id ?? ""))
      ? await ctx.core.retailers.get(ctx.call.tenantId, id)
      : null;
    if (!retailer)
      throw fluentError(FluentCode.NOT_FOUND, `Retailer with id '${input.retailer?.id}' not found`);
  }
  const r = await ctx.core.upsert(ctx.call, toUpsertInput(mode, input, await ctx.defaultCountry()));
  if (r.ok) return toFluentCustomer(r.value.customer);
  if (r.error.kind === ErrorKind.ALREADY_EXISTS)
    throw fluentError(
      FluentCode.UNIQUE,
      `Unique constraint violation: a customer with username '${input.username}' already exists`,
    );
  if (r.error.kind === ErrorKind.NOT_FOUND)
    throw fluentError(FluentCode.NOT_FOUND, `Customer with username '${input.username}' not found`);
  throw toFluentError(r.error, renamePath);
}

builder.mutationField("createCustomer", (t) =>
  t.field({
    type: CustomerRef,
    args: { input: t.arg({ type: CreateCustomerInput }) },
    resolve: (_root, { input }, ctx) => write(ctx, "create", input as Given | null | undefined),
  }),
);

builder.mutationField("updateCustomer", (t) =>
  t.field({
    type: CustomerRef,
    args: { input: t.arg({ type: UpdateCustomerInput }) },
    resolve: (_root, { input }, ctx) => write(ctx, "update", input as Given | null | undefined),
  }),
);
