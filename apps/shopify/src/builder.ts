import type { CallContext, Core, Logger, Principal } from "@cg/core";
import SchemaBuilder from "@pothos/core";

/**
 * The schema variants we serve. 2026-07 adds three Customer fields and one CustomerInput field
 * (see ../README.md); every other served version maps onto one of these (src/versions.ts).
 */
export const SCHEMA_VARIANTS = ["2025-10", "2026-07"] as const;
export type SchemaVariant = (typeof SCHEMA_VARIANTS)[number];

/** Per-request context: who is calling and which API version they asked for. */
export interface ShopifyContext {
  core: Core;
  log: Logger;
  principal: Principal;
  call: CallContext;
  apiVersion: string;
  /** `<tenant>.myshopify.com`, for URLs Shopify derives from the shop domain. */
  shopDomain: string;
}

type StringScalar = { Input: string; Output: string };

export interface ShopifyTypes {
  Context: ShopifyContext;
  Scalars: {
    ID: StringScalar;
    DateTime: StringScalar;
    Decimal: StringScalar;
    UnsignedInt64: StringScalar;
    URL: StringScalar;
  };
}

/** The builder's resolved type parameter, for helpers that take refs or field builders. */
export type Types = PothosSchemaTypes.ExtendDefaultTypes<ShopifyTypes>;

/** One builder per schema variant; each is turned into a GraphQLSchema once, at start-up. */
export function createBuilder() {
  return new SchemaBuilder<ShopifyTypes>({});
}

export type Builder = ReturnType<typeof createBuilder>;
