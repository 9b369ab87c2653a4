import * as accounts from "../accounts.ts";
import type { Builder, MagentoVersion } from "../builder.ts";
import { numberOfUid } from "../customer-view.ts";
import type { CustomerTypes } from "./customer.ts";
import type { InputTypes } from "./inputs.ts";

const at = (version: MagentoVersion, from: MagentoVersion) => version >= from;

/** Query.customer, Query.isEmailAvailable and the account mutations. */
export function addOperations(
  b: Builder,
  version: MagentoVersion,
  types: CustomerTypes,
  inputs: InputTypes,
) {
  const CustomerOutput = b.objectRef<{ customer: import("@cg/core").Customer }>("CustomerOutput");
  CustomerOutput.implement({
    fields: (t) => ({
      customer: t.field({ type: types.Customer, nullable: false, resolve: (o) => o.customer }),
    }),
  });
  const CustomerToken = b.objectRef<{ token: string }>("CustomerToken").implement({
    fields: (t) => ({ token: t.exposeString("token", { nullable: true }) }),
  });
  const RevokeOutput = b.objectRef<{ result: boolean }>("RevokeCustomerTokenOutput").implement({
    fields: (t) => ({ result: t.exposeBoolean("result", { nullable: false }) }),
  });
  const IsEmailAvailableOutput = b
    .objectRef<{ is_email_available: boolean }>("IsEmailAvailableOutput")
    .implement({
      fields: (t) => ({
        is_email_available: t.exposeBoolean("is_email_available", { nullable: true }),
      }),
    });

  b.queryType({
    fields: (t) => ({
      customer: t.field({
        type: types.Customer,
        nullable: true,
        resolve: (_r, _a, ctx) => accounts.requireCustomer(ctx),
      }),
      isEmailAvailable: t.field({
        type: IsEmailAvailableOutput,
        nullable: true,
        args: { email: t.arg.string({ required: true }) },
        resolve: (_r, a, ctx) => accounts.isEmailAvailable(ctx, a.email),
      }),
    }),
  });

  const legacy = at(version, "2.4.8")
    ? { create: "Use `createCustomerV2` instead.", update: "Use `updateCustomerV2` instead." }
    : null;
  const address = (r: { address: unknown; customer: unknown }) =>
    r as import("../customer-view.ts").AddressView;

  b.mutationType({
    fields: (t) => ({
      changeCustomerPassword: t.field({
        type: types.Customer,
        nullable: true,
        args: {
          currentPassword: t.arg.string({ required: true }),
          newPassword: t.arg.string({ required: true }),
        },
        resolve: (_r, a, ctx) => accounts.changePassword(ctx, a.currentPassword, a.newPassword),
      }),
      createCustomer: t.field({
        type: CustomerOutput,
        nullable: true,
        ...(legacy ? { deprecationReason: legacy.create } : {}),
        args: { input: t.arg({ type: inputs.CustomerInput, required: true }) },
        resolve: (_r, a, ctx) => accounts.createAccount(ctx, a.input),
      }),
      createCustomerAddress: t.field({
        type: types.CustomerAddress,
        nullable: true,
        args: { input: t.arg({ type: inputs.CustomerAddressInput, required: true }) },
        resolve: async (_r, a, ctx) => address(await accounts.createAddress(ctx, a.input)),
      }),
      createCustomerV2: t.field({
        type: CustomerOutput,
        nullable: true,
        args: { input: t.arg({ type: inputs.CustomerCreateInput, required: true }) },
        resolve: (_r, a, ctx) => accounts.createAccount(ctx, a.input),
      }),
      deleteCustomer: t.boolean({
        nullable: true,
        resolve: (_r, _a, ctx) => accounts.deleteAccount(ctx),
      }),
      deleteCustomerAddress: t.boolean({
        nullable: true,
        ...(at(version, "2.4.9")
          ? { deprecationReason: "Use `deleteCustomerAddressV2` instead." }
          : {}),
        args: { id: t.arg.int({ required: true }) },
        resolve: (_r, a, ctx) => accounts.deleteAddress(ctx, a.id, a.id),
      }),
      generateCustomerToken: t.field({
        type: CustomerToken,
        nullable: true,
        args: {
          email: t.arg.string({ required: true }),
          password: t.arg.string({ required: true }),
        },
        resolve: (_r, a, ctx) => accounts.signIn(ctx, a.email, a.password),
      }),
      revokeCustomerToken: t.field({
        type: RevokeOutput,
        nullable: true,
        resolve: (_r, _a, ctx) => accounts.revokeToken(ctx),
      }),
      updateCustomer: t.field({
        type: CustomerOutput,
        nullable: true,
        ...(legacy ? { deprecationReason: legacy.update } : {}),
        args: { input: t.arg({ type: inputs.CustomerInput, required: true }) },
        resolve: (_r, a, ctx) => accounts.updateAccount(ctx, a.input),
      }),
      updateCustomerAddress: t.field({
        type: types.CustomerAddress,
        nullable: true,
        ...(at(version, "2.4.9")
          ? { deprecationReason: "Use `updateCustomerAddressV2` instead." }
          : {}),
        args: {
          id: t.arg.int({ required: true }),
          input: t.arg({ type: inputs.CustomerAddressInput, required: false }),
        },
        resolve: async (_r, a, ctx) =>
          address(await accounts.updateAddress(ctx, a.id, a.id, a.input ?? null)),
      }),
      updateCustomerEmail: t.field({
        type: CustomerOutput,
        nullable: true,
        args: {
          email: t.arg.string({ required: true }),
          password: t.arg.string({ required: true }),
        },
        resolve: (_r, a, ctx) => accounts.changeEmail(ctx, a.email, a.password),
      }),
      updateCustomerV2: t.field({
        type: CustomerOutput,
        nullable: true,
        args: { input: t.arg({ type: inputs.CustomerUpdateInput, required: true }) },
        resolve: (_r, a, ctx) => accounts.updateAccount(ctx, a.input),
      }),
      // 2.4.9's uid-based address mutations (named by the deprecations; not in the anchor subset).
      ...(at(version, "2.4.9")
        ? {
            deleteCustomerAddressV2: t.boolean({
              nullable: true,
              args: { uid: t.arg.id({ required: true }) },
              resolve: (_r, a, ctx) =>
                accounts.deleteAddress(ctx, numberOfUid(String(a.uid)), String(a.uid)),
            }),
            updateCustomerAddressV2: t.field({
              type: types.CustomerAddress,
              nullable: true,
              args: {
                uid: t.arg.id({ required: true }),
                input: t.arg({ type: inputs.CustomerAddressInput, required: false }),
              },
              resolve: async (_r, a, ctx) =>
                address(
                  await accounts.updateAddress(
                    ctx,
                    numberOfUid(String(a.uid)),
                    String(a.uid),
                    a.input ?? null,
                  ),
                ),
            }),
          }
        : {}),
    }),
  });
}
