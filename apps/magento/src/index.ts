export { TOKEN_KIND } from "./accounts.ts";
export { MAGENTO_VERSIONS, type MagentoVersion } from "./builder.ts";
export { magentoDialect } from "./definition.ts";
export { MAGENTO_ERRORS } from "./errors.ts";
export { createMagentoHandler } from "./handler.ts";
export { buildMagentoSchema, printMagentoSchema } from "./schema/index.ts";
