import type { CallContext, Core, Logger, Principal } from "@cg/core";
import { FluentCode, fluentError } from "./errors.ts";

/** Scopes a Fluent credential may hold: reading customers, and creating/updating them. */
export const FLUENT_SCOPES = { read: "customer:read", write: "customer:write" } as const;

/** What every resolver gets: the request's principal and call context, and core. */
export type FluentContext = {
  core: Core;
  log: Logger;
  principal: Principal;
  call: CallContext;
  /** The tenant's default country (read once per request, when a resolver needs it). */
  defaultCountry(): Promise<string | null>;
};

export function createFluentContext(
  core: Core,
  log: Logger,
  principal: Principal,
  call: CallContext,
): FluentContext {
  let country: Promise<string | null> | undefined;
  return {
    core,
    log,
    principal,
    call,
    defaultCountry: () =>
      (country ??= core.tenantSettings.get(call.tenantId).then((s) => s?.defaultCountry ?? null)),
  };
}

/** Fluent's permission error (C0020E) unless the credential holds the scope. */
export function requireScope(ctx: FluentContext, scope: string): void {
  if (!ctx.principal.scopes.includes(scope))
    throw fluentError(FluentCode.PERMISSION, `Insufficient permissions: ${scope} is required`);
}
