import { bearerToken, type Core, type Principal } from "@cg/core";

export interface Context {
  core: Core;
  /** null when the request carried no valid bearer credential */
  principal: Principal | null;
}

/** The context without HTTP: tests use it with createCaller. */
export function createContextInner(deps: { core: Core; principal: Principal | null }): Context {
  return { core: deps.core, principal: deps.principal };
}

/** The fetch adapter's context: reads `Authorization: Bearer <secret>`. */
export async function createContextFromRequest(core: Core, req: Request): Promise<Context> {
  const secret = bearerToken(req.headers.get("authorization"));
  return createContextInner({ core, principal: secret ? await core.authenticate(secret) : null });
}
