import type { Builder, SchemaVariant, Types } from "../builder.ts";
import {
  type CustomerInputShape,
  customerCreate,
  customerDelete,
  customerUpdate,
} from "../customer-mutations.ts";
import { customerSet } from "../customer-set.ts";
import { requireScope, WRITE } from "../scopes.ts";
import type { addMailingAddress } from "./mailing-address.ts";
import type { PayloadShape, Refs, UserErrorShape } from "./refs.ts";
import { stubType } from "./stubs.ts";

/** customerSet, customerCreate, customerUpdate, customerDelete and their input / payload types. */
export function addMutations(
  b: Builder,
  refs: Refs,
  variant: SchemaVariant,
  address: ReturnType<typeof addMailingAddress>,
) {
  const E = refs.enums;
  refs.DisplayableError.implement({
    fields: (t) => ({
      field: t.stringList({ nullable: true, resolve: (e) => e.field }),
      message: t.exposeString("message", { nullable: false }),
    }),
  });
  refs.UserError.implement({
    interfaces: [refs.DisplayableError],
    isTypeOf: (e) => typeof e === "object" && e !== null && !("code" in e),
    fields: () => ({}),
  });
  const CustomerSetUserError = b.objectRef<UserErrorShape>("CustomerSetUserError").implement({
    interfaces: [refs.DisplayableError],
    isTypeOf: (e) => typeof e === "object" && e !== null && "code" in e,
    fields: (t) => ({
      code: t.field({
        type: E.CustomerSetUserErrorCode,
        nullable: true,
        resolve: (e) => (e.code ?? null) as never,
      }),
    }),
  });
  const payload = (name: string, errorType: typeof CustomerSetUserError | typeof refs.UserError) =>
    b.objectRef<PayloadShape>(name).implement({
      fields: (t) => ({
        customer: t.field({ type: refs.Customer, nullable: true, resolve: (p) => p.customer }),
        userErrors: t.field({ type: [errorType], nullable: false, resolve: (p) => p.userErrors }),
      }),
    });
  const UniqueMetafieldValueInput = refs.UniqueMetafieldValueInput;
  const CustomerSetIdentifiers = b.inputType("CustomerSetIdentifiers", {
    isOneOf: true,
    fields: (t) => ({
      customId: t.field({ type: UniqueMetafieldValueInput, required: false }),
      email: t.string({ required: false }),
      id: t.id({ required: false }),
      phone: t.string({ required: false }),
    }),
  });
  const common = (t: PothosSchemaTypes.InputFieldBuilder<Types, "InputObject">) => ({
    email: t.string({ required: false }),
    firstName: t.string({ required: false }),
    lastName: t.string({ required: false }),
    locale: t.string({ required: false }),
    note: t.string({ required: false }),
    phone: t.string({ required: false }),
    tags: t.stringList({ required: false }),
    taxExempt: t.boolean({ required: false }),
    taxExemptions: t.field({ type: [E.TaxExemption], required: false }),
  });
  const CustomerSetInput = b.inputType("CustomerSetInput", {
    fields: (t) => ({
      ...common(t),
      addresses: t.field({ type: [address.MailingAddressInput], required: false }),
      id: t.id({
        required: false,
        deprecationReason: "To update a customer use `identifier` argument instead.",
      }),
    }),
  });
  const consentInput = (name: string, state: typeof E.CustomerEmailMarketingState) =>
    b.inputType(name, {
      fields: (t) => ({
        consentUpdatedAt: t.field({ type: "DateTime", required: false }),
        marketingOptInLevel: t.field({ type: E.CustomerMarketingOptInLevel, required: false }),
        marketingState: t.field({ type: state, required: true }),
        sourceLocationId: t.id({ required: false }),
      }),
    });
  const EmailConsentInput = consentInput(
    "CustomerEmailMarketingConsentInput",
    E.CustomerEmailMarketingState,
  );
  const SmsConsentInput = consentInput(
    "CustomerSmsMarketingConsentInput",
    E.CustomerSmsMarketingState as never,
  );
  const MetafieldInput = b.inputType("MetafieldInput", {
    fields: (t) => ({
      id: t.id({ required: false }),
      key: t.string({ required: false }),
      namespace: t.string({ required: false }),
      type: t.string({ required: false }),
      value: t.string({ required: false }),
    }),
  });
  const WhatsApp =
    variant === "2026-07"
      ? b.inputType("CustomerMarketingConsentInput", {
          fields: (t) => ({
            optInLevel: t.field({ type: E.CustomerMarketingOptInLevel, required: false }),
            sourceLocationId: t.id({ required: false }),
            state: t.field({
              type: b.enumType("CustomerMarketingConsentState", {
                values: {
                  NEVER_SUBSCRIBED: {},
                  PENDING: {},
                  REDACTED: {},
                  SUBSCRIBED: {},
                  UNSUBSCRIBED: {},
                },
              }),
              required: true,
            }),
            updatedAt: t.field({ type: "DateTime", required: false }),
          }),
        })
      : null;
  const CustomerInput = b.inputType("CustomerInput", {
    fields: (t) => ({
      ...common(t),
      addresses: t.field({
        type: [address.MailingAddressInput],
        required: false,
        deprecationReason:
          "Use the dedicated address mutations (`customerAddressCreate`, `customerAddressUpdate`, `customerAddressDelete`) instead.\n",
      }),
      emailMarketingConsent: t.field({ type: EmailConsentInput, required: false }),
      id: t.id({ required: false }),
      metafields: t.field({ type: [MetafieldInput], required: false }),
      multipassIdentifier: t.string({ required: false }),
      smsMarketingConsent: t.field({ type: SmsConsentInput, required: false }),
      ...(WhatsApp
        ? { whatsAppMarketingConsent: t.field({ type: WhatsApp, required: false }) }
        : {}),
    }),
  });
  const CustomerDeleteInput = b.inputType("CustomerDeleteInput", {
    fields: (t) => ({ id: t.id({ required: true }) }),
  });
  const Shop = stubType(b, "Shop");
  const CustomerDeletePayload = b
    .objectRef<{ deletedCustomerId: string | null; shopId: string; userErrors: UserErrorShape[] }>(
      "CustomerDeletePayload",
    )
    .implement({
      fields: (t) => ({
        deletedCustomerId: t.id({ nullable: true, resolve: (p) => p.deletedCustomerId }),
        shop: t.field({ type: Shop, nullable: false, resolve: (p) => ({ id: p.shopId }) }),
        userErrors: t.field({
          type: [refs.UserError],
          nullable: false,
          resolve: (p) => p.userErrors,
        }),
      }),
    });

  b.mutationType({
    fields: (t) => ({
      customerSet: t.field({
        type: payload("CustomerSetPayload", CustomerSetUserError),
        nullable: true,
        args: {
          identifier: t.arg({ type: CustomerSetIdentifiers, required: false }),
          input: t.arg({ type: CustomerSetInput, required: true }),
        },
        resolve: (_r, a, ctx) => {
          requireScope(ctx, WRITE, "customerSet");
          return customerSet(ctx, a.identifier as never, a.input);
        },
      }),
      customerCreate: t.field({
        type: payload("CustomerCreatePayload", refs.UserError),
        nullable: true,
        args: { input: t.arg({ type: CustomerInput, required: true }) },
        resolve: (_r, a, ctx) => {
          requireScope(ctx, WRITE, "customerCreate");
          return customerCreate(ctx, a.input as CustomerInputShape);
        },
      }),
      customerUpdate: t.field({
        type: payload("CustomerUpdatePayload", refs.UserError),
        nullable: true,
        args: { input: t.arg({ type: CustomerInput, required: true }) },
        resolve: (_r, a, ctx) => {
          requireScope(ctx, WRITE, "customerUpdate");
          return customerUpdate(ctx, a.input as CustomerInputShape);
        },
      }),
      customerDelete: t.field({
        type: CustomerDeletePayload,
        nullable: true,
        args: { input: t.arg({ type: CustomerDeleteInput, required: true }) },
        resolve: (_r, a, ctx) => {
          requireScope(ctx, WRITE, "customerDelete");
          return customerDelete(ctx, a.input.id);
        },
      }),
    }),
  });
}
