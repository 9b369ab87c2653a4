export { SCHEMA_VARIANTS, type SchemaVariant } from "./builder.ts";
export { type CostLimits, DEFAULT_COST_LIMITS } from "./cost.ts";
export {
  readShopifyCsvRow,
  SHOPIFY_CSV_COLUMNS,
  shopifyCsvFormat,
  writeShopifyCsvRow,
} from "./customer-csv.ts";
export { defineShopifyDialect, type ShopifyDialectOptions, shopifyDialect } from "./dialect.ts";
export { buildShopifySchema } from "./schema/index.ts";
export { SHOPIFY_SCOPES } from "./scopes.ts";
export {
  ANCHORED_VERSIONS,
  latestStableVersion,
  resolveVersion,
  supportedVersions,
} from "./versions.ts";
