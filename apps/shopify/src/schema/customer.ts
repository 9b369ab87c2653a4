import { createHash } from "node:crypto";
import {
  type AttributeRecord,
  type Customer,
  customerNames,
  displayName,
  primaryIdentifier as primary,
} from "@cg/core";
import type { Builder, SchemaVariant } from "../builder.ts";
import { defaultAddress, lifetimeDuration, paginate } from "../customer-view.ts";
import { customerGid } from "../gid.ts";
import type { ConnectionShape, ContactPoint, Refs } from "./refs.ts";
import { connectionArgs, emptyConnection, stubType } from "./stubs.ts";

interface MetafieldShape {
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** Metafields: core custom attributes, plus the customIds (Shopify keeps those as metafields too). */
function metafieldsOf(c: Customer): MetafieldShape[] {
  const fromAttr = (a: AttributeRecord): MetafieldShape => ({
    namespace: a.namespace || "custom",
    key: a.key,
    type: a.type,
    value: typeof a.value === "string" ? a.value : JSON.stringify(a.value),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });
  const fromCustomId = c.identifiers
    .filter((i) => i.kind === "CUSTOM_ID")
    .map((i) => {
      const dot = i.namespace.indexOf(".");
      return {
        namespace: i.namespace.slice(0, dot),
        key: i.namespace.slice(dot + 1),
        type: "id",
        value: i.value,
        createdAt: i.createdAt,
        updatedAt: c.updatedAt,
      };
    });
  return [...fromCustomId, ...c.attributes.map(fromAttr)];
}

const marketing = (c: Customer, channel: string) => c.marketing[channel] ?? null;

/** The Customer object and the types only it returns. */
export function addCustomer(
  b: Builder,
  refs: Refs,
  variant: SchemaVariant,
  MailingAddressConnection: ReturnType<
    typeof import("./mailing-address.ts").addMailingAddress
  >["MailingAddressConnection"],
) {
  const E = refs.enums;
  const Location = stubType(b, "Location");
  const Metafield = b.objectRef<MetafieldShape & { ownerId: string }>("Metafield").implement({
    fields: (t) => ({
      id: t.id({
        nullable: false,
        resolve: (m) =>
          `gid://shopify/Metafield/${parseInt(createHash("sha1").update(`${m.ownerId}/${m.namespace}/${m.key}`).digest("hex").slice(0, 12), 16)}`,
      }),
      namespace: t.exposeString("namespace", { nullable: false }),
      key: t.exposeString("key", { nullable: false }),
      type: t.exposeString("type", { nullable: false }),
      value: t.exposeString("value", { nullable: false }),
      createdAt: t.field({ type: "DateTime", nullable: false, resolve: (m) => m.createdAt }),
      updatedAt: t.field({ type: "DateTime", nullable: false, resolve: (m) => m.updatedAt }),
    }),
  });
  const MetafieldConnection = emptyConnection(b, refs, "Metafield", Metafield);
  const marketingUrl = (c: Customer, shop: string) => `https://${shop}/unsubscribe?c=${c.number}`;

  refs.CustomerEmailAddress.implement({
    fields: (t) => ({
      emailAddress: t.string({ nullable: false, resolve: (p) => p.identifier.value }),
      marketingOptInLevel: t.field({
        type: E.CustomerMarketingOptInLevel,
        nullable: true,
        resolve: (p) => (marketing(p.customer, "email")?.optInLevel ?? null) as never,
      }),
      marketingState: t.field({
        type: E.CustomerEmailAddressMarketingState,
        nullable: false,
        resolve: (p) => emailState(marketing(p.customer, "email")?.state, false) as never,
      }),
      marketingUnsubscribeUrl: t.field({
        type: "URL",
        nullable: false,
        resolve: (p, _a, ctx) => marketingUrl(p.customer, ctx.shopDomain),
      }),
      marketingUpdatedAt: t.field({
        type: "DateTime",
        nullable: true,
        resolve: (p) => marketing(p.customer, "email")?.updatedAt ?? null,
      }),
      openTrackingLevel: t.field({
        type: E.CustomerEmailAddressOpenTrackingLevel,
        nullable: false,
        resolve: () => "UNKNOWN" as const,
      }),
      openTrackingUrl: t.field({
        type: "URL",
        nullable: false,
        resolve: (p, _a, ctx) => `https://${ctx.shopDomain}/open_tracking?c=${p.customer.number}`,
      }),
      sourceLocation: t.field({ type: Location, nullable: true, resolve: () => null }),
      validFormat: t.boolean({ nullable: false, resolve: () => true }),
    }),
  });
  const smsDep = (f: string) => `Use \`smsMarketingConsent.${f}\` instead.`;
  refs.CustomerPhoneNumber.implement({
    fields: (t) => ({
      marketingCollectedFrom: t.field({
        type: E.CustomerConsentCollectedFrom,
        nullable: true,
        deprecationReason: smsDep("collectedFrom"),
        resolve: () => null,
      }),
      marketingOptInLevel: t.field({
        type: E.CustomerMarketingOptInLevel,
        nullable: true,
        deprecationReason: smsDep("optInLevel"),
        resolve: (p) => (marketing(p.customer, "sms")?.optInLevel ?? null) as never,
      }),
      marketingState: t.field({
        type: E.CustomerSmsMarketingState,
        nullable: false,
        deprecationReason: smsDep("state"),
        resolve: (p) => smsState(marketing(p.customer, "sms")?.state) as never,
      }),
      marketingUpdatedAt: t.field({
        type: "DateTime",
        nullable: true,
        deprecationReason: smsDep("updatedAt"),
        resolve: (p) => marketing(p.customer, "sms")?.updatedAt ?? null,
      }),
      phoneNumber: t.string({ nullable: false, resolve: (p) => p.identifier.value }),
      sourceLocation: t.field({
        type: Location,
        nullable: true,
        deprecationReason: smsDep("sourceLocation"),
        resolve: () => null,
      }),
    }),
  });
  const EmailConsent = b.objectRef<Customer>("CustomerEmailMarketingConsentState").implement({
    fields: (t) => ({
      consentUpdatedAt: t.field({
        type: "DateTime",
        nullable: true,
        resolve: (c) => marketing(c, "email")?.updatedAt ?? null,
      }),
      marketingOptInLevel: t.field({
        type: E.CustomerMarketingOptInLevel,
        nullable: true,
        resolve: (c) => (marketing(c, "email")?.optInLevel ?? null) as never,
      }),
      marketingState: t.field({
        type: E.CustomerEmailMarketingState,
        nullable: false,
        resolve: (c) => emailState(marketing(c, "email")?.state, true) as never,
      }),
    }),
  });
  const SmsConsent = b.objectRef<Customer>("CustomerSmsMarketingConsentState").implement({
    fields: (t) => ({
      consentCollectedFrom: t.field({
        type: E.CustomerConsentCollectedFrom,
        nullable: true,
        resolve: () => null,
      }),
      consentUpdatedAt: t.field({
        type: "DateTime",
        nullable: true,
        resolve: (c) => marketing(c, "sms")?.updatedAt ?? null,
      }),
      marketingOptInLevel: t.field({
        type: E.CustomerMarketingOptInLevel,
        nullable: true,
        resolve: (c) => (marketing(c, "sms")?.optInLevel ?? null) as never,
      }),
      marketingState: t.field({
        type: E.CustomerSmsMarketingState,
        nullable: false,
        resolve: (c) => smsState(marketing(c, "sms")?.state) as never,
      }),
    }),
  });
  const Image = b.objectRef<{ url: string }>("Image").implement({
    fields: (t) => ({
      altText: t.string({ nullable: true, resolve: () => null }),
      height: t.int({ nullable: true, resolve: () => null }),
      id: t.id({ nullable: true, resolve: () => null }),
      url: t.field({ type: "URL", nullable: false, resolve: (i) => i.url }),
      width: t.int({ nullable: true, resolve: () => null }),
    }),
  });
  const Mergeable = b.objectRef<Customer>("CustomerMergeable").implement({
    fields: (t) => ({
      isMergeable: t.boolean({ nullable: false, resolve: () => true }),
      reason: t.string({ nullable: true, resolve: () => null }),
    }),
  });
  const Statistics = b.objectRef<Customer>("CustomerStatistics").implement({
    fields: (t) => ({ predictedSpendTier: t.string({ nullable: true, resolve: () => null }) }),
  });
  const empty = (): ConnectionShape<{ id: string }> => ({
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  });
  const stubConn = (name: string) => emptyConnection(b, refs, name, stubType(b, name));
  const EventConnection = stubConn("Event");
  const OrderConnection = stubConn("Order");
  const Order = stubType(b, "Order");
  const PaymentConnection = stubConn("CustomerPaymentMethod");
  const StoreCreditConnection = stubConn("StoreCreditAccount");
  const SubscriptionConnection = stubConn("SubscriptionContract");
  const MetafieldDefinitionConnection = stubConn("MetafieldDefinition");
  const CompanyContact = stubType(b, "CompanyContact");
  const Market = stubType(b, "Market");
  const page = connectionArgs;

  refs.Customer.implement({
    interfaces: [refs.Node],
    isTypeOf: (v) => typeof v === "object" && v !== null && "identifiers" in v && "tenantId" in v,
    fields: (t) => ({
      addresses: t.field({
        type: [refs.MailingAddress],
        nullable: false,
        deprecationReason:
          "Limited to 250 addresses. Use `addressesV2` for paginated access to all addresses.",
        args: { first: t.arg.int({ required: false }) },
        resolve: (c, a) => c.addresses.slice(0, Math.max(0, Math.min(a.first ?? 250, 250))),
      }),
      addressesV2: t.field({
        type: MailingAddressConnection,
        nullable: false,
        args: { ...page(t), reverse: t.arg.boolean({ required: false, defaultValue: false }) },
        resolve: (c, a) => paginate(c.addresses, a, (x) => String(x.number)),
      }),
      amountSpent: t.field({
        type: b.objectRef<{ amount: string; currencyCode: "USD" }>("MoneyV2").implement({
          fields: (m) => ({
            amount: m.field({ type: "Decimal", nullable: false, resolve: (x) => x.amount }),
            currencyCode: m.field({
              type: E.CurrencyCode,
              nullable: false,
              resolve: (x) => x.currencyCode as never,
            }),
          }),
        }),
        nullable: false,
        resolve: () => ({ amount: "0.0", currencyCode: "USD" as const }),
      }),
      canDelete: t.boolean({ nullable: false, resolve: () => true }),
      companyContactProfiles: t.field({
        type: [CompanyContact],
        nullable: false,
        resolve: () => [],
      }),
      createdAt: t.field({ type: "DateTime", nullable: false, resolve: (c) => c.createdAt }),
      dataSaleOptOut: t.boolean({ nullable: false, resolve: () => false }),
      defaultAddress: t.field({
        type: refs.MailingAddress,
        nullable: true,
        resolve: defaultAddress,
      }),
      defaultEmailAddress: t.field({
        type: refs.CustomerEmailAddress,
        nullable: true,
        resolve: (c) => contact(c, "EMAIL"),
      }),
      defaultPhoneNumber: t.field({
        type: refs.CustomerPhoneNumber,
        nullable: true,
        resolve: (c) => contact(c, "PHONE"),
      }),
      displayName: t.string({ nullable: false, resolve: displayName }),
      email: t.string({
        nullable: true,
        deprecationReason: "Use `defaultEmailAddress.emailAddress` instead.",
        resolve: (c) => primary(c, "EMAIL")?.value ?? null,
      }),
      emailMarketingConsent: t.field({
        type: EmailConsent,
        nullable: true,
        deprecationReason:
          "Use `defaultEmailAddress.marketingState`, `defaultEmailAddress.marketingOptInLevel`, `defaultEmailAddress.marketingUpdatedAt`, and `defaultEmailAddress.sourceLocation` instead.",
        resolve: (c) => (primary(c, "EMAIL") ? c : null),
      }),
      events: t.field({
        type: EventConnection,
        nullable: false,
        args: {
          ...page(t),
          query: t.arg.string({ required: false }),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
          sortKey: t.arg({
            type: b.enumType("EventSortKeys", { values: { CREATED_AT: {}, ID: {} } }),
            required: false,
            defaultValue: "ID",
          }),
        },
        resolve: () => empty(),
      }),
      firstName: t.string({ nullable: true, resolve: (c) => customerNames(c).firstName }),
      hasTimelineComment: t.boolean({
        nullable: false,
        deprecationReason:
          "To query for comments on the timeline, use the `events` connection and a 'query' argument containing `verb:comment`, or look for a 'CommentEvent' in the `__typename` of `events`.",
        resolve: () => false,
      }),
      id: t.id({ nullable: false, resolve: (c) => customerGid(c.number) }),
      image: t.field({
        type: Image,
        nullable: false,
        args: {
          size: t.arg.int({
            required: false,
            deprecationReason: "Use `maxWidth` or `maxHeight` on `Image.transformedSrc` instead.",
          }),
        },
        resolve: (c, _a, ctx) => ({
          url: `https://${ctx.shopDomain}/customers/${c.number}/avatar.png`,
        }),
      }),
      lastName: t.string({ nullable: true, resolve: (c) => customerNames(c).lastName }),
      lastOrder: t.field({ type: Order, nullable: true, resolve: () => null }),
      legacyResourceId: t.field({
        type: "UnsignedInt64",
        nullable: false,
        resolve: (c) => String(c.number),
      }),
      lifetimeDuration: t.string({
        nullable: false,
        resolve: (c) => lifetimeDuration(c.createdAt),
      }),
      locale: t.string({ nullable: false, resolve: (c) => c.locale ?? "en" }),
      market: t.field({
        type: Market,
        nullable: true,
        deprecationReason: "This `market` field will be removed in a future version of the API.",
        resolve: () => null,
      }),
      mergeable: t.field({ type: Mergeable, nullable: false, resolve: (c) => c }),
      metafield: t.field({
        type: Metafield,
        nullable: true,
        args: {
          key: t.arg.string({ required: true }),
          namespace: t.arg.string({ required: false }),
        },
        resolve: (c, a) => {
          const [ns, key] =
            a.key.includes(".") && !a.namespace
              ? (a.key.split(".", 2) as [string, string])
              : [a.namespace ?? "custom", a.key];
          const m = metafieldsOf(c).find((x) => x.namespace === ns && x.key === key);
          return m ? { ...m, ownerId: c.id } : null;
        },
      }),
      metafieldDefinitions: t.field({
        type: MetafieldDefinitionConnection,
        nullable: false,
        deprecationReason:
          "This field will be removed in a future version. Use `QueryRoot.metafieldDefinitions` instead.",
        args: {
          ...page(t),
          namespace: t.arg.string({ required: false }),
          pinnedStatus: t.arg({
            type: b.enumType("MetafieldDefinitionPinnedStatus", {
              values: { ANY: {}, PINNED: {}, UNPINNED: {} },
            }),
            required: false,
            defaultValue: "ANY",
          }),
          query: t.arg.string({ required: false }),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
          sortKey: t.arg({
            type: b.enumType("MetafieldDefinitionSortKeys", {
              values: { ID: {}, NAME: {}, PINNED_POSITION: {}, RELEVANCE: {} },
            }),
            required: false,
            defaultValue: "ID",
          }),
        },
        resolve: () => empty(),
      }),
      metafields: t.field({
        type: MetafieldConnection,
        nullable: false,
        args: {
          ...page(t),
          keys: t.arg.stringList({ required: false }),
          namespace: t.arg.string({ required: false }),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
        },
        resolve: (c, a) => {
          const all = metafieldsOf(c)
            .filter(
              (m) =>
                (a.namespace == null || m.namespace === a.namespace) &&
                (a.keys == null || a.keys.includes(`${m.namespace}.${m.key}`)),
            )
            .map((m) => ({ ...m, ownerId: c.id }));
          return paginate(all, a, (m) => `${m.namespace}.${m.key}`);
        },
      }),
      multipassIdentifier: t.string({ nullable: true, resolve: () => null }),
      note: t.string({ nullable: true, resolve: (c) => c.note }),
      numberOfOrders: t.field({ type: "UnsignedInt64", nullable: false, resolve: () => "0" }),
      orders: t.field({
        type: OrderConnection,
        nullable: false,
        args: {
          ...page(t),
          query: t.arg.string({ required: false }),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
          sortKey: t.arg({
            type: b.enumType("OrderSortKeys", {
              values: Object.fromEntries(ORDER_SORT_KEYS.map((k) => [k, {}])),
            }),
            required: false,
            defaultValue: "ID",
          }),
        },
        resolve: () => empty(),
      }),
      paymentMethods: t.field({
        type: PaymentConnection,
        nullable: false,
        args: {
          ...page(t),
          reverse: t.arg.boolean({ required: false, defaultValue: false }),
          showRevoked: t.arg.boolean({ required: false, defaultValue: false }),
        },
        resolve: () => empty(),
      }),
      phone: t.string({
        nullable: true,
        deprecationReason: "Use `defaultPhoneNumber.phoneNumber` instead.",
        resolve: (c) => primary(c, "PHONE")?.value ?? null,
      }),
      productSubscriberStatus: t.field({
        type: E.CustomerProductSubscriberStatus,
        nullable: false,
        resolve: () => "NEVER_SUBSCRIBED" as const,
      }),
      smsMarketingConsent: t.field({
        type: SmsConsent,
        nullable: true,
        deprecationReason:
          "Use `defaultPhoneNumber.marketingState`, `defaultPhoneNumber.marketingOptInLevel`, `defaultPhoneNumber.marketingUpdatedAt`, `defaultPhoneNumber.marketingCollectedFrom`, and `defaultPhoneNumber.sourceLocation` instead.",
        resolve: (c) => (primary(c, "PHONE") ? c : null),
      }),
      state: t.field({
        type: E.CustomerState,
        nullable: false,
        resolve: () => "DISABLED" as const,
      }),
      statistics: t.field({ type: Statistics, nullable: false, resolve: (c) => c }),
      storeCreditAccounts: t.field({
        type: StoreCreditConnection,
        nullable: false,
        args: { ...page(t), query: t.arg.string({ required: false }) },
        resolve: () => empty(),
      }),
      subscriptionContracts: t.field({
        type: SubscriptionConnection,
        nullable: false,
        args: { ...page(t), reverse: t.arg.boolean({ required: false, defaultValue: false }) },
        resolve: () => empty(),
      }),
      tags: t.stringList({ nullable: false, resolve: (c) => c.tags }),
      taxExempt: t.boolean({ nullable: false, resolve: (c) => c.taxExempt }),
      taxExemptions: t.field({
        type: [E.TaxExemption],
        nullable: false,
        resolve: (c) => c.taxExemptions as never,
      }),
      unsubscribeUrl: t.field({
        type: "URL",
        nullable: false,
        deprecationReason: "Use `defaultEmailAddress.marketingUnsubscribeUrl` instead.",
        resolve: (c, _a, ctx) => marketingUrl(c, ctx.shopDomain),
      }),
      updatedAt: t.field({ type: "DateTime", nullable: false, resolve: (c) => c.updatedAt }),
      validEmailAddress: t.boolean({
        nullable: false,
        deprecationReason: "Use `defaultEmailAddress.validFormat` instead.",
        resolve: (c) => primary(c, "EMAIL") !== null,
      }),
      verifiedEmail: t.boolean({
        nullable: false,
        resolve: (c) => primary(c, "EMAIL")?.verified ?? false,
      }),
    }),
  });
  void variant;
}

const ORDER_SORT_KEYS = [
  "CREATED_AT",
  "CURRENT_TOTAL_PRICE",
  "CUSTOMER_NAME",
  "DESTINATION",
  "FINANCIAL_STATUS",
  "FULFILLMENT_STATUS",
  "ID",
  "ORDER_NUMBER",
  "PO_NUMBER",
  "PROCESSED_AT",
  "RELEVANCE",
  "TOTAL_ITEMS_QUANTITY",
  "TOTAL_PRICE",
  "UPDATED_AT",
];

const contact = (c: Customer, kind: "EMAIL" | "PHONE"): ContactPoint | null => {
  const identifier = primary(c, kind);
  return identifier ? { customer: c, identifier } : null;
};

const EMAIL_STATES = new Set([
  "INVALID",
  "NOT_SUBSCRIBED",
  "PENDING",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
  "REDACTED",
]);
const SMS_STATES = new Set(["NOT_SUBSCRIBED", "PENDING", "REDACTED", "SUBSCRIBED", "UNSUBSCRIBED"]);
/** Core consent states are free strings (other dialects write them): unknown ones read as not subscribed. */
const emailState = (s: string | undefined, redacted: boolean) =>
  s === "REDACTED" && !redacted ? "UNSUBSCRIBED" : s && EMAIL_STATES.has(s) ? s : "NOT_SUBSCRIBED";
const smsState = (s: string | undefined) => (s && SMS_STATES.has(s) ? s : "NOT_SUBSCRIBED");
