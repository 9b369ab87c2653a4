import { type Customer, customerNames, primaryEmail } from "@cg/core";
import { paginateInMemory } from "@cg/graphql-kit";
import { builder } from "../builder.ts";
import { assertScopes, type PlainContext } from "../context.ts";
import { queryError, toQueryError } from "../errors.ts";
import { PLAIN_PAGES } from "../paginate.ts";
import { parseCustomerId, plainCustomerId } from "../plain-input.ts";
import {
  ActorRef,
  actorOf,
  InternalActorRef,
  type InternalActorShape,
  UserActorRef,
} from "./actor.ts";
import { DateTimeRef, emptyPageInfo, PageInfoRef, type PageInfoShape } from "./common.ts";
import {
  CustomerGroupMembershipConnectionRef,
  CustomerGroupMembershipsFilter,
} from "./customer-group.ts";

/** Plain's fullName is required: core's canonical full name, "" for a customer with no name. */
export const fullNameOf = (c: Customer) => customerNames(c).fullName ?? "";

const EmailAddressRef = builder
  .objectRef<{ email: string; isVerified: boolean; verifiedAt: string | null }>("EmailAddress")
  .implement({
    description: "An object modelling an email address and if it's been verified.",
    fields: (t) => ({
      email: t.exposeString("email", { nullable: false }),
      isVerified: t.exposeBoolean("isVerified", { nullable: false }),
      verifiedAt: t.field({ type: DateTimeRef, nullable: true, resolve: (e) => e.verifiedAt }),
    }),
  });

const CustomerStatus = builder.enumType("CustomerStatus", {
  values: {
    IDLE: { deprecationReason: "Use ThreadStatus.DONE instead" },
    ACTIVE: { deprecationReason: "Use ThreadStatus.TODO instead" },
    SNOOZED: { deprecationReason: "Use ThreadStatus.SNOOZED instead" },
  } as const,
});

type Identity =
  | { __typename: "EmailCustomerIdentity"; email: string }
  | { __typename: "DiscordCustomerIdentity"; discordUserId: string }
  | { __typename: "SlackCustomerIdentity"; slackUserId: string };
const EmailIdentity = builder
  .objectRef<Extract<Identity, { __typename: "EmailCustomerIdentity" }>>("EmailCustomerIdentity")
  .implement({
    fields: (t) => ({ email: t.exposeString("email", { nullable: false }) }),
  });
const DiscordIdentity = builder
  .objectRef<Extract<Identity, { __typename: "DiscordCustomerIdentity" }>>(
    "DiscordCustomerIdentity",
  )
  .implement({
    fields: (t) => ({ discordUserId: t.exposeString("discordUserId", { nullable: false }) }),
  });
const SlackIdentity = builder
  .objectRef<Extract<Identity, { __typename: "SlackCustomerIdentity" }>>("SlackCustomerIdentity")
  .implement({
    fields: (t) => ({ slackUserId: t.exposeString("slackUserId", { nullable: false }) }),
  });
const CustomerIdentity = builder.unionType("CustomerIdentity", {
  types: [EmailIdentity, DiscordIdentity, SlackIdentity],
  resolveType: (i) => i.__typename,
});

/** We store no companies: `Customer.company` is always null, but the type is Plain's. */
interface CompanyShape {
  id: string;
  name: string;
  domainName: string;
  createdAt: string;
  updatedAt: string;
}
const CompanyRef = builder.objectRef<CompanyShape>("Company").implement({
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false }),
    name: t.exposeString("name", { nullable: false }),
    logoUrl: t.string({
      nullable: true,
      args: { size: t.arg.int({ required: false }) },
      resolve: () => null,
    }),
    domainName: t.exposeString("domainName", { nullable: false }),
    createdAt: t.field({ type: DateTimeRef, nullable: false, resolve: (c) => c.createdAt }),
    createdBy: t.field({
      type: InternalActorRef,
      nullable: false,
      resolve: (): InternalActorShape => ({ __typename: "SystemActor", systemId: "system" }),
    }),
    updatedAt: t.field({ type: DateTimeRef, nullable: false, resolve: (c) => c.updatedAt }),
    updatedBy: t.field({
      type: InternalActorRef,
      nullable: false,
      resolve: (): InternalActorShape => ({ __typename: "SystemActor", systemId: "system" }),
    }),
    contractValue: t.int({ nullable: true, resolve: () => null }),
    isDeleted: t.boolean({ nullable: false, resolve: () => false }),
    deletedAt: t.field({ type: DateTimeRef, nullable: true, resolve: () => null }),
    deletedBy: t.field({ type: InternalActorRef, nullable: true, resolve: () => null }),
  }),
});

/** We store no Plain tenants: memberships are always an empty connection. */
interface TenantMembershipShape {
  createdAt: string;
}
const TenantMembershipRef = builder
  .objectRef<TenantMembershipShape>("CustomerTenantMembership")
  .implement({
    fields: (t) => ({
      createdAt: t.field({ type: DateTimeRef, nullable: false, resolve: (m) => m.createdAt }),
      createdBy: t.field({
        type: InternalActorRef,
        nullable: false,
        resolve: (): InternalActorShape => ({ __typename: "SystemActor", systemId: "system" }),
      }),
      updatedAt: t.field({ type: DateTimeRef, nullable: false, resolve: (m) => m.createdAt }),
      updatedBy: t.field({
        type: InternalActorRef,
        nullable: false,
        resolve: (): InternalActorShape => ({ __typename: "SystemActor", systemId: "system" }),
      }),
    }),
  });
const TenantMembershipEdgeRef = builder
  .objectRef<{ cursor: string; node: TenantMembershipShape }>("CustomerTenantMembershipEdge")
  .implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: TenantMembershipRef, nullable: false, resolve: (e) => e.node }),
    }),
  });
const TenantMembershipConnectionRef = builder
  .objectRef<{ edges: { cursor: string; node: TenantMembershipShape }[]; pageInfo: PageInfoShape }>(
    "CustomerTenantMembershipConnection",
  )
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [TenantMembershipEdgeRef], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, nullable: false, resolve: (c) => c.pageInfo }),
    }),
  });

export const CustomerRef = builder.objectRef<Customer>("Customer").implement({
  description: "The core customer entity. A customer only exists (ideally) once.",
  fields: (t) => ({
    id: t.id({
      nullable: false,
      description: "Uniquely identifies a customer in Plain.",
      resolve: (c) => plainCustomerId(c.id),
    }),
    externalId: t.id({
      nullable: true,
      description: "Your system's ID for this customer.",
      resolve: (c) =>
        c.identifiers.find((i) => i.kind === "EXTERNAL_ID" && i.namespace === "")?.value ?? null,
    }),
    fullName: t.string({ nullable: false, resolve: fullNameOf }),
    // Only customers never named through Plain fall back to their first name.
    shortName: t.string({
      nullable: true,
      resolve: (c) => customerNames(c).shortName,
    }),
    email: t.field({
      type: EmailAddressRef,
      nullable: false,
      resolve: (c) => {
        const e = primaryEmail(c);
        return e
          ? { email: e.value, isVerified: e.verified, verifiedAt: e.verified ? e.verifiedAt : null }
          : { email: "", isVerified: false, verifiedAt: null };
      },
    }),
    avatarUrl: t.string({ nullable: true, resolve: () => null }),
    assignedToUser: t.field({ type: UserActorRef, nullable: true, resolve: () => null }),
    assignedAt: t.field({ type: DateTimeRef, nullable: true, resolve: () => null }),
    customerGroupMemberships: t.field({
      type: CustomerGroupMembershipConnectionRef,
      nullable: false,
      args: {
        filters: t.arg({ type: CustomerGroupMembershipsFilter, required: false }),
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        last: t.arg.int({ required: false }),
        before: t.arg.string({ required: false }),
      },
      resolve: (c, { filters, ...page }, ctx) => {
        assertScopes(ctx, ["customerGroupMembership:read"], 200);
        const ext = filters?.customerGroupExternalIds;
        const groups = ext
          ? c.groups.filter((g) => g.externalId !== null && ext.includes(g.externalId))
          : c.groups;
        const p = paginateInMemory(groups, (g) => g.groupId, page, PLAIN_PAGES);
        if (!p.ok) throw queryError("BAD_USER_INPUT", p.errors.map((e) => e.message).join("; "));
        return {
          edges: p.edges.map((e) => ({
            cursor: e.cursor,
            node: { coreCustomerId: c.id, m: e.node },
          })),
          pageInfo: p.pageInfo,
        };
      },
    }),
    tenantMemberships: t.field({
      type: TenantMembershipConnectionRef,
      nullable: false,
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        last: t.arg.int({ required: false }),
        before: t.arg.string({ required: false }),
      },
      resolve: () => ({ edges: [], pageInfo: emptyPageInfo }),
    }),
    company: t.field({ type: CompanyRef, nullable: true, resolve: () => null }),
    isAnonymous: t.boolean({ nullable: false, resolve: () => false }),
    createdAt: t.field({ type: DateTimeRef, nullable: false, resolve: (c) => c.createdAt }),
    createdBy: t.field({ type: ActorRef, nullable: false, resolve: (c) => actorOf(c.createdBy) }),
    updatedAt: t.field({ type: DateTimeRef, nullable: false, resolve: (c) => c.updatedAt }),
    updatedBy: t.field({ type: ActorRef, nullable: false, resolve: (c) => actorOf(c.updatedBy) }),
    markedAsSpamAt: t.field({ type: DateTimeRef, nullable: true, resolve: () => null }),
    markedAsSpamBy: t.field({ type: InternalActorRef, nullable: true, resolve: () => null }),
    identities: t.field({
      type: [CustomerIdentity],
      nullable: false,
      resolve: (c) =>
        c.identifiers
          .filter((i) => i.kind === "EMAIL" && i.namespace === "")
          .map((i): Identity => ({ __typename: "EmailCustomerIdentity", email: i.value })),
    }),
    // Deprecated thread status: a customer without threads is IDLE (as in Plain's own example).
    status: t.field({
      type: CustomerStatus,
      nullable: true,
      deprecationReason: "Use Thread.status instead",
      resolve: () => "IDLE" as const,
    }),
    statusChangedAt: t.field({
      type: DateTimeRef,
      nullable: true,
      deprecationReason: "Use Thread.statusChangedAt instead",
      resolve: () => null,
    }),
    lastIdleAt: t.field({
      type: DateTimeRef,
      nullable: true,
      deprecationReason: "Use Thread.statusChangedAt instead",
      resolve: () => null,
    }),
  }),
});

/** Customer queries need `customer:read`. */
export const assertCanRead = (ctx: PlainContext) => assertScopes(ctx, ["customer:read"]);

builder.queryField("customer", (t) =>
  t.field({
    type: CustomerRef,
    nullable: true,
    args: { customerId: t.arg.id({ required: true }) },
    resolve: async (_root, { customerId }, ctx) => {
      assertCanRead(ctx);
      const id = parseCustomerId(String(customerId));
      return id ? ctx.core.get(ctx.call, id) : null;
    },
  }),
);

async function byIdentifier(
  ctx: PlainContext,
  kind: "EMAIL" | "EXTERNAL_ID",
  value: string,
): Promise<Customer | null> {
  assertCanRead(ctx);
  const r = await ctx.core.lookup(ctx.call, { kind, namespace: "", value });
  if (!r.ok) throw toQueryError(r.error);
  return r.value;
}

builder.queryField("customerByEmail", (t) =>
  t.field({
    type: CustomerRef,
    nullable: true,
    args: { email: t.arg.string({ required: true }) },
    resolve: (_root, { email }, ctx) => byIdentifier(ctx, "EMAIL", email),
  }),
);

builder.queryField("customerByExternalId", (t) =>
  t.field({
    type: CustomerRef,
    nullable: true,
    description:
      "Get a customer by its external ID. A customer's external ID is unique within a workspace.",
    args: { externalId: t.arg.id({ required: true }) },
    resolve: (_root, { externalId }, ctx) => byIdentifier(ctx, "EXTERNAL_ID", String(externalId)),
  }),
);
