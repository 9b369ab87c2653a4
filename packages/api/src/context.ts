import { bearerToken, type Core, type Principal } from "@cg/core";
import { type FormatRegistry, formatRegistry } from "./import.ts";

export interface Context {
  core: Core;
  /** null when the request carried no valid bearer credential */
  principal: Principal | null;
  /** Import/export file formats: canonical-jsonl and the served dialects' (import.ts). */
  formats: FormatRegistry;
}

const CANONICAL_ONLY = formatRegistry();

/** The context without HTTP: tests use it with createCaller. */
export function createContextInner(deps: {
  core: Core;
  principal: Principal | null;
  formats?: FormatRegistry;
}): Context {
  return { core: deps.core, principal: deps.principal, formats: deps.formats ?? CANONICAL_ONLY };
}

/** The fetch adapter's context: reads `Authorization: Bearer <secret>`. */
export async function createContextFromRequest(
  core: Core,
  req: Request,
  formats?: FormatRegistry,
): Promise<Context> {
  const secret = bearerToken(req.headers.get("authorization"));
  return createContextInner({
    core,
    principal: secret ? await core.authenticate(secret) : null,
    ...(formats ? { formats } : {}),
  });
}
