import { writeSchemaFiles } from "@cg/graphql-kit";
import { buildShopifySchema, SCHEMA_VARIANTS } from "../src/index.ts";

// Writes schema/<variant>.graphql for every served schema variant (run: pnpm --filter @cg/shopify schema).
writeSchemaFiles(
  SCHEMA_VARIANTS.map((v) => ({
    file: new URL(`../schema/${v}.graphql`, import.meta.url),
    schema: buildShopifySchema(v),
  })),
);
