import { writeFileSync } from "node:fs";
import { MAGENTO_VERSIONS } from "../src/builder.ts";
import { buildMagentoSchema, printMagentoSchema } from "../src/schema/index.ts";

// Regenerates the committed SDL per version (test/schema.test.ts fails until this has been run).
for (const v of MAGENTO_VERSIONS)
  writeFileSync(
    new URL(`../schema/${v}.graphql`, import.meta.url),
    `${printMagentoSchema(buildMagentoSchema(v))}\n`,
  );
