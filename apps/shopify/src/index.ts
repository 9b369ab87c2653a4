export { createShopifyHandler, type ShopifyHandlerOptions } from "./handler.ts";
export { DEFAULT_COST_LIMITS, type CostLimits } from "./cost.ts";
export { buildShopifySchema, printShopifySchema } from "./schema/index.ts";
export { SCHEMA_VARIANTS, type SchemaVariant } from "./builder.ts";
export { SERVED_VERSIONS } from "./versions.ts";
