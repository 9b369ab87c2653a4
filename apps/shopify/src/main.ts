import { runStandalone } from "@cg/dialect-kit/standalone";
import { shopifyDialect } from "./dialect.ts";

// Standalone: the vendor's own paths (POST /admin/api/{version}/graphql.json) on PORT (default 4102).
await runStandalone(shopifyDialect);
