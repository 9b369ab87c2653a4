import type { ShopifyContext } from "./builder.ts";
import { accessDenied } from "./errors.ts";

export const READ = "read_customers";
export const WRITE = "write_customers";

/** The access scopes a Shopify token may hold; a new token gets both. */
export const SHOPIFY_SCOPES = { all: [READ, WRITE], defaults: [READ, WRITE] } as const;

/** Throws Shopify's ACCESS_DENIED unless the token has the scope (write implies read, as in Shopify). */
export function requireScope(
  ctx: ShopifyContext,
  scope: typeof READ | typeof WRITE,
  field: string,
): void {
  const s = ctx.principal.scopes;
  if (s.includes(scope) || (scope === READ && s.includes(WRITE))) return;
  throw accessDenied(field, scope);
}
