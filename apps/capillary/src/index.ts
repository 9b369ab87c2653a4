import type { FetchHandler } from "@cg/core";
import { createDialectHandler, type DialectDeps } from "@cg/dialect-kit";
import { type CapillaryOptions, capillary, capillaryDialect } from "./definition.ts";

export { DEFAULT_TOKEN_TTL_SECONDS, md5Hex } from "./auth.ts";
export { capillaryJsonFormat, readCapillaryJson } from "./capillary-json.ts";
export { type CapillaryOptions, capillary, capillaryDialect, MODIFY, VIEW } from "./definition.ts";
export { openApiDocument } from "./openapi.ts";
export { BULK_LIMIT } from "./schemas.ts";

/** Capillary's fetch handler under `root` ("" standalone, "/capillary" in the gateway). */
export function createCapillaryHandler(
  deps: DialectDeps,
  opts: { root?: string } & CapillaryOptions = {},
): FetchHandler {
  const def = opts.tokenTtlSeconds ? capillaryDialect(opts) : capillary;
  return createDialectHandler(def, deps, { root: opts.root ?? def.prefix });
}
