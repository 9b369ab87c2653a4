import { runStandalone } from "@cg/dialect-kit/standalone";
import { magentoDialect } from "./definition.ts";

// Standalone Magento storefront endpoint at Magento's own path: POST http://127.0.0.1:4104/graphql
await runStandalone(magentoDialect);
