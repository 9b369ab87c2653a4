import type {
  CallContext,
  Core,
  CredentialView,
  Customer,
  CustomerGroup,
  Logger,
  Principal,
} from "@cg/core";
import DataLoader from "dataloader";
import { forbiddenMessage, queryError } from "./errors.ts";

/** Per-request GraphQL context: who is calling, and the core they call. */
export type PlainContext = {
  principal: Principal;
  /** What every core write is called with: the tenant and the Plain credential as actor. */
  call: CallContext;
  core: Core;
  log: Logger;
  /** The tenant's customer groups by id, loaded at most once per request (memberships need colour and dates). */
  groups(): Promise<ReadonlyMap<string, CustomerGroup>>;
  /**
   * Customers and credentials named by actors, batched per request: a page of 100 customers
   * makes one read of the customers (or credentials) they name, not 100.
   */
  customers: DataLoader<string, Customer | null>;
  credentials: DataLoader<string, CredentialView | null>;
};

export function createPlainContext(core: Core, log: Logger, principal: Principal): PlainContext {
  const call: CallContext = {
    tenantId: principal.tenantId,
    actor: { dialect: "plain", credentialId: principal.credentialId },
  };
  let groups: Promise<ReadonlyMap<string, CustomerGroup>> | undefined;
  return {
    principal,
    call,
    core,
    log,
    groups: () =>
      (groups ??= core.groups.list(call).then((list) => new Map(list.map((g) => [g.id, g])))),
    customers: new DataLoader((ids) => core.getMany(call, ids), { maxBatchSize: 1000 }),
    credentials: new DataLoader((ids) => core.credentials.getMany(call, ids), {
      maxBatchSize: 1000,
    }),
  };
}

/** Scopes the credential lacks among `needed` (Plain calls them permissions). */
export const missingScopes = (ctx: PlainContext, needed: readonly string[]) =>
  needed.filter((s) => !ctx.principal.scopes.includes(s));

/**
 * Reads need their permissions; without them Plain answers a FORBIDDEN GraphQL error. At the
 * root that is HTTP 403 (the SDK's `forbidden`); on a nested field (`status` 200) the rest of the
 * response, e.g. a mutation that did happen, still arrives.
 */
export function assertScopes(ctx: PlainContext, needed: readonly string[], status = 403): void {
  const missing = missingScopes(ctx, needed);
  if (missing.length) throw queryError("FORBIDDEN", forbiddenMessage(missing), status);
}
