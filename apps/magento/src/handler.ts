import type { FetchHandler } from "@cg/core";
import { createDialectHandler, type DialectDeps } from "@cg/dialect-kit";
import { magentoDialect } from "./definition.ts";

/** The Magento dialect as a fetch handler at `root` ("" standalone, "/magento" in the gateway). */
export function createMagentoHandler(
  deps: DialectDeps,
  opts: { root?: string } = {},
): FetchHandler {
  return createDialectHandler(magentoDialect, deps, { root: opts.root ?? "" });
}
