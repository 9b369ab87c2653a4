import type { Actor } from "@cg/core";
import { builder } from "../builder.ts";

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

export const UserActorRef = builder
  .objectRef<Extract<ActorShape, { __typename: "UserActor" }>>("UserActor")
  .implement({
    fields: (t) => ({ userId: t.exposeID("userId", { nullable: false }) }),
  });
const CustomerActor = builder
  .objectRef<Extract<ActorShape, { __typename: "CustomerActor" }>>("CustomerActor")
  .implement({
    fields: (t) => ({ customerId: t.exposeID("customerId", { nullable: false }) }),
  });
const DeletedCustomerActor = builder
  .objectRef<Extract<ActorShape, { __typename: "DeletedCustomerActor" }>>("DeletedCustomerActor")
  .implement({
    fields: (t) => ({ customerId: t.exposeID("customerId", { nullable: false }) }),
  });
const SystemActor = builder
  .objectRef<Extract<ActorShape, { __typename: "SystemActor" }>>("SystemActor")
  .implement({
    fields: (t) => ({ systemId: t.exposeID("systemId", { nullable: false }) }),
  });
const MachineUserActor = builder
  .objectRef<Extract<ActorShape, { __typename: "MachineUserActor" }>>("MachineUserActor")
  .implement({
    fields: (t) => ({ machineUserId: t.exposeID("machineUserId", { nullable: false }) }),
  });

export const ActorRef = builder.unionType("Actor", {
  types: [UserActorRef, CustomerActor, DeletedCustomerActor, SystemActor, MachineUserActor],
  resolveType: (a) => a.__typename,
});

export const InternalActorRef = builder.unionType("InternalActor", {
  types: [UserActorRef, SystemActor, MachineUserActor],
  resolveType: (a) => a.__typename,
});
