import type { CustomerGroup, MembershipRecord } from "@cg/core";
import { builder } from "../builder.ts";
import { assertScopes, missingScopes } from "../context.ts";
import {
  forbiddenMutation,
  inputError,
  type MutationErrorShape,
  type PathRename,
  toMutationError,
} from "../errors.ts";
import { customerIdKey, groupRefs, plainCustomerId } from "../plain-input.ts";
import { InternalActorRef, systemActor } from "./actor.ts";
import { DateTimeRef, MutationErrorRef, PageInfoRef, type PageInfoShape } from "./common.ts";

export const CustomerGroupRef = builder.objectRef<CustomerGroup>("CustomerGroup").implement({
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false }),
    name: t.exposeString("name", { nullable: false }),
    key: t.exposeString("key", { nullable: false }),
    // Core groups may have no colour; Plain's is non-null, so an absent one reads as "".
    color: t.string({ nullable: false, resolve: (g) => g.color ?? "" }),
    externalId: t.exposeString("externalId", { nullable: true }),
    createdAt: t.field({ type: DateTimeRef, nullable: false, resolve: (g) => g.createdAt }),
    createdBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    updatedAt: t.field({ type: DateTimeRef, nullable: false, resolve: (g) => g.createdAt }),
    updatedBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
  }),
});

export interface MembershipShape {
  coreCustomerId: string;
  m: MembershipRecord;
}

export const CustomerGroupMembershipRef = builder
  .objectRef<MembershipShape>("CustomerGroupMembership")
  .implement({
    fields: (t) => ({
      customerId: t.id({ nullable: false, resolve: (s) => plainCustomerId(s.coreCustomerId) }),
      customerGroup: t.field({
        type: CustomerGroupRef,
        nullable: false,
        resolve: async (s, _a, ctx) => {
          assertScopes(ctx, ["customerGroup:read"], 200);
          return (
            (await ctx.groups()).get(s.m.groupId) ?? {
              id: s.m.groupId,
              key: s.m.key,
              name: s.m.name,
              externalId: s.m.externalId,
              color: null,
              createdAt: s.m.createdAt,
            }
          );
        },
      }),
      createdAt: t.field({ type: DateTimeRef, nullable: false, resolve: (s) => s.m.createdAt }),
      createdBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
      updatedAt: t.field({ type: DateTimeRef, nullable: false, resolve: (s) => s.m.createdAt }),
      updatedBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    }),
  });

const EdgeRef = builder
  .objectRef<{ cursor: string; node: MembershipShape }>("CustomerGroupMembershipEdge")
  .implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: CustomerGroupMembershipRef, nullable: false, resolve: (e) => e.node }),
    }),
  });

export const CustomerGroupMembershipConnectionRef = builder
  .objectRef<{ edges: { cursor: string; node: MembershipShape }[]; pageInfo: PageInfoShape }>(
    "CustomerGroupMembershipConnection",
  )
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [EdgeRef], nullable: false, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, nullable: false, resolve: (c) => c.pageInfo }),
    }),
  });

export const CustomerGroupMembershipsFilter = builder.inputType("CustomerGroupMembershipsFilter", {
  fields: (t) => ({ customerGroupExternalIds: t.stringList({ required: false }) }),
});

export const CustomerGroupIdentifier = builder.inputType("CustomerGroupIdentifier", {
  fields: (t) => ({
    customerGroupId: t.id({ required: false }),
    customerGroupKey: t.string({ required: false }),
    externalId: t.string({ required: false }),
  }),
});

const membershipInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      customerId: t.id({ required: true }),
      customerGroupIdentifiers: t.field({ type: [CustomerGroupIdentifier], required: true }),
    }),
  });
const AddInput = membershipInput("AddCustomerToCustomerGroupsInput");
const RemoveInput = membershipInput("RemoveCustomerFromCustomerGroupsInput");

const AddOutput = builder
  .objectRef<{
    customerGroupMemberships: MembershipShape[] | null;
    error: MutationErrorShape | null;
  }>("AddCustomerToCustomerGroupsOutput")
  .implement({
    fields: (t) => ({
      customerGroupMemberships: t.field({
        type: [CustomerGroupMembershipRef],
        nullable: true,
        resolve: (o) => o.customerGroupMemberships,
      }),
      error: t.field({ type: MutationErrorRef, nullable: true, resolve: (o) => o.error }),
    }),
  });
const RemoveOutput = builder
  .objectRef<{ error: MutationErrorShape | null }>("RemoveCustomerFromCustomerGroupsOutput")
  .implement({
    fields: (t) => ({
      error: t.field({ type: MutationErrorRef, nullable: true, resolve: (o) => o.error }),
    }),
  });

// Core reports group paths under onUpdate; Plain's input names them at the top level.
const rename: PathRename = (p) =>
  p[0] === "onUpdate" ? p.slice(1) : p[0] === "lookup" ? ["customerId"] : p;

/** Adds or removes memberships through core's upsert (update-only), so the change is audited like any other. */
async function changeMemberships(
  ctx: Parameters<typeof missingScopes>[0],
  input: { customerId: string; customerGroupIdentifiers: Parameters<typeof groupRefs>[0] },
  op: "add" | "remove",
) {
  const errors: Parameters<typeof groupRefs>[2] = [];
  const refs = groupRefs(input.customerGroupIdentifiers, ["customerGroupIdentifiers"], errors);
  if (errors.length) return { ok: false, error: inputError(errors) } as const;
  const r = await ctx.core.upsert(ctx.call, {
    lookup: [customerIdKey(input.customerId, ["customerId"])],
    mode: "update",
    onUpdate: op === "add" ? { groups: refs } : { removeGroups: refs },
    lists: { groups: "merge" },
  });
  if (!r.ok) return { ok: false, error: toMutationError(r.error, rename, "customerId") } as const;
  return { ok: true, customer: r.value.customer, refs } as const;
}

builder.mutationField("addCustomerToCustomerGroups", (t) =>
  t.field({
    type: AddOutput,
    nullable: false,
    description: "Add a customer to a customer group.",
    args: { input: t.arg({ type: AddInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const missing = missingScopes(ctx, ["customerGroupMembership:create"]);
      if (missing.length)
        return { customerGroupMemberships: null, error: forbiddenMutation(missing) };
      const r = await changeMemberships(ctx, input, "add");
      if (!r.ok) return { customerGroupMemberships: null, error: r.error };
      const wanted = (g: MembershipRecord) =>
        r.refs.some((ref) =>
          "id" in ref
            ? ref.id === g.groupId
            : "key" in ref
              ? ref.key === g.key
              : ref.externalId === g.externalId,
        );
      return {
        customerGroupMemberships: r.customer.groups
          .filter(wanted)
          .map((m) => ({ coreCustomerId: r.customer.id, m })),
        error: null,
      };
    },
  }),
);

builder.mutationField("removeCustomerFromCustomerGroups", (t) =>
  t.field({
    type: RemoveOutput,
    nullable: false,
    description: "Remove a customer from a customer group.",
    args: { input: t.arg({ type: RemoveInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const missing = missingScopes(ctx, ["customerGroupMembership:delete"]);
      if (missing.length) return { error: forbiddenMutation(missing) };
      const r = await changeMemberships(ctx, input, "remove");
      return { error: r.ok ? null : r.error };
    },
  }),
);
