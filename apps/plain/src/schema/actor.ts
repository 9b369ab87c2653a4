import type { Actor, CredentialView } from "@cg/core";
import { builder } from "../builder.ts";
import { queryError } from "../errors.ts";
import { plainCustomerId } from "../plain-input.ts";
import { DateTimeRef } from "./common.ts";
// customer.ts imports this file too; CustomerRef is only read inside field thunks, once both ran.
import { CustomerRef } from "./customer.ts";

/**
 * Who created or changed something. Our writers are API credentials (Plain: machine users) or the
 * system itself (a write without credential, e.g. a migration or another dialect's internal job).
 */
export type ActorShape =
  | { __typename: "UserActor"; userId: string }
  | { __typename: "CustomerActor"; customerId: string }
  | { __typename: "DeletedCustomerActor"; customerId: string }
  | { __typename: "SystemActor"; systemId: string }
  | { __typename: "MachineUserActor"; machineUserId: string };
export type InternalActorShape = Extract<
  ActorShape,
  { __typename: "UserActor" | "SystemActor" | "MachineUserActor" }
>;

export const actorOf = (a: Actor): InternalActorShape =>
  a.credentialId
    ? { __typename: "MachineUserActor", machineUserId: a.credentialId }
    : { __typename: "SystemActor", systemId: a.dialect };

/** Memberships and groups carry no writer in core: Plain shows such rows as written by the system. */
export const systemActor: InternalActorShape = { __typename: "SystemActor", systemId: "system" };

/** The DateTime we answer where Plain's is non-null and we hold no date (no data: the epoch). */
const EPOCH = new Date(0).toISOString();

const MachineUserType = builder.enumType("MachineUserType", {
  values: {
    API_USER: { description: "A machine user that interacts via API" },
    AI_AGENT: { description: "A machine user that represents an AI Agent" },
  } as const,
});

const UserStatus = builder.enumType("UserStatus", {
  values: {
    ONLINE: {},
    OFFLINE: {},
    BREAK: { deprecationReason: "Unused in new work hours tracking" },
    AWAY: {},
  } as const,
});

/** A workflow that wrote something; we run no workflows, so `SystemActor.workflow` is always null. */
const WorkflowSummaryRef = builder.objectRef<{ id: string; name: string }>("WorkflowSummary");
WorkflowSummaryRef.implement({
  description: "A summary of a workflow with only id and name fields.",
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false }),
    name: t.exposeString("name", { nullable: false }),
  }),
});

/**
 * A credential seen as a Plain machine user: its name is both names, it is an API user, and its
 * revocation is the machine user's deletion. `null` is a credential id the tenant does not have
 * (no writer's row is ever removed, so only a foreign id gets here).
 */
type MachineUserShape = { id: string; credential: CredentialView | null };

const MachineUserRef = builder.objectRef<MachineUserShape>("MachineUser");
MachineUserRef.implement({
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false }),
    fullName: t.string({ nullable: false, resolve: (m) => m.credential?.name ?? "" }),
    publicName: t.string({ nullable: false, resolve: (m) => m.credential?.name ?? "" }),
    description: t.string({ nullable: true, resolve: () => null }),
    type: t.field({
      type: MachineUserType,
      nullable: false,
      description:
        "The type of machine user. Defaults to API_USER if not specified during creation.",
      resolve: () => "API_USER" as const,
    }),
    // Credentials are created by an operator through the internal API: the system, for Plain.
    createdBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    createdAt: t.field({
      type: DateTimeRef,
      nullable: false,
      resolve: (m) => m.credential?.createdAt ?? EPOCH,
    }),
    updatedBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    updatedAt: t.field({
      type: DateTimeRef,
      nullable: false,
      resolve: (m) => m.credential?.revokedAt ?? m.credential?.createdAt ?? EPOCH,
    }),
    isDeleted: t.boolean({ nullable: false, resolve: (m) => m.credential?.revokedAt != null }),
    deletedAt: t.field({
      type: DateTimeRef,
      nullable: true,
      resolve: (m) => m.credential?.revokedAt ?? null,
    }),
    deletedBy: t.field({
      type: ActorRef,
      nullable: true,
      resolve: (m) => (m.credential?.revokedAt ? systemActor : null),
    }),
  }),
});

/**
 * Plain's workspace users. Nothing here writes as a user (every writer is a credential or the
 * system), so a `UserActor` is never produced; the type is served for the clients that select it,
 * with the documented empty values.
 */
const UserRef = builder.objectRef<{ id: string }>("User");
UserRef.implement({
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false }),
    fullName: t.string({
      nullable: false,
      description: "The full name e.g. Grace Hopper.",
      resolve: () => "",
    }),
    publicName: t.string({
      nullable: false,
      description: "A short name for use in UI e.g. Grace.",
      resolve: () => "",
    }),
    avatarUrl: t.string({
      nullable: true,
      description: "The avatar URL of the user.",
      resolve: () => null,
    }),
    email: t.string({
      nullable: false,
      description: "The email associated with this user. Email is unique per user.",
      resolve: () => "",
    }),
    status: t.field({ type: UserStatus, nullable: false, resolve: () => "OFFLINE" as const }),
    statusChangedAt: t.field({
      type: DateTimeRef,
      nullable: false,
      resolve: () => EPOCH,
    }),
    createdAt: t.field({
      type: DateTimeRef,
      nullable: false,
      resolve: () => EPOCH,
    }),
    createdBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    updatedAt: t.field({
      type: DateTimeRef,
      nullable: false,
      resolve: () => EPOCH,
    }),
    updatedBy: t.field({ type: InternalActorRef, nullable: false, resolve: () => systemActor }),
    isDeleted: t.boolean({ nullable: false, resolve: () => false }),
    deletedAt: t.field({ type: DateTimeRef, nullable: true, resolve: () => null }),
    deletedBy: t.field({ type: ActorRef, nullable: true, resolve: () => null }),
  }),
});

export const UserActorRef =
  builder.objectRef<Extract<ActorShape, { __typename: "UserActor" }>>("UserActor");
UserActorRef.implement({
  fields: (t) => ({
    userId: t.exposeID("userId", { nullable: false }),
    user: t.field({ type: UserRef, nullable: false, resolve: (a) => ({ id: a.userId }) }),
  }),
});
const CustomerActor =
  builder.objectRef<Extract<ActorShape, { __typename: "CustomerActor" }>>("CustomerActor");
CustomerActor.implement({
  fields: (t) => ({
    customerId: t.exposeID("customerId", { nullable: false }),
    // Batched per request (context.ts): a page of rows naming customers is one read.
    customer: t.field({
      type: CustomerRef,
      nullable: false,
      resolve: async (a, _args, ctx) => {
        const c = await ctx.customers.load(a.customerId);
        // A removed customer is a DeletedCustomerActor; a CustomerActor's customer exists.
        if (!c)
          throw queryError(
            "INTERNAL_SERVER_ERROR",
            `Customer ${plainCustomerId(a.customerId)} not found`,
            200,
          );
        return c;
      },
    }),
  }),
});
const DeletedCustomerActor =
  builder.objectRef<Extract<ActorShape, { __typename: "DeletedCustomerActor" }>>(
    "DeletedCustomerActor",
  );
DeletedCustomerActor.implement({
  fields: (t) => ({ customerId: t.exposeID("customerId", { nullable: false }) }),
});
const SystemActor =
  builder.objectRef<Extract<ActorShape, { __typename: "SystemActor" }>>("SystemActor");
SystemActor.implement({
  fields: (t) => ({
    systemId: t.exposeID("systemId", { nullable: false }),
    // No workflows run here: a system write never comes from one.
    workflowExecutionId: t.id({
      nullable: true,
      description: "The workflow execution ID that created this action, if applicable.",
      resolve: () => null,
    }),
    workflow: t.field({
      type: WorkflowSummaryRef,
      nullable: true,
      description: "The workflow that created this action, if applicable.",
      resolve: () => null,
    }),
  }),
});
const MachineUserActor =
  builder.objectRef<Extract<ActorShape, { __typename: "MachineUserActor" }>>("MachineUserActor");
MachineUserActor.implement({
  fields: (t) => ({
    machineUserId: t.exposeID("machineUserId", { nullable: false }),
    // Batched per request (context.ts): a page written by one key reads that key once.
    machineUser: t.field({
      type: MachineUserRef,
      nullable: false,
      resolve: async (a, _args, ctx) => ({
        id: a.machineUserId,
        credential: await ctx.credentials.load(a.machineUserId),
      }),
    }),
  }),
});

export const ActorRef = builder.unionType("Actor", {
  types: [UserActorRef, CustomerActor, DeletedCustomerActor, SystemActor, MachineUserActor],
  resolveType: (a) => a.__typename,
});

export const InternalActorRef = builder.unionType("InternalActor", {
  types: [UserActorRef, SystemActor, MachineUserActor],
  resolveType: (a) => a.__typename,
});
