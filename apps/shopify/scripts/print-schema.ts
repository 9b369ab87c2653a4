// Writes schema/<variant>.graphql for every served schema variant (run: npx --yes pnpm@10.34.8 --filter @cg/shopify schema).
import { writeFileSync } from "node:fs";
import { buildShopifySchema, printShopifySchema, SCHEMA_VARIANTS } from "../src/index.ts";

for (const v of SCHEMA_VARIANTS) {
  const file = new URL(`../schema/${v}.graphql`, import.meta.url);
  writeFileSync(file, `${printShopifySchema(buildShopifySchema(v))}\n`);
  console.log(`wrote ${file.pathname}`);
}
