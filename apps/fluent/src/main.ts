import { runStandalone } from "@cg/dialect-kit/standalone";
import { fluentDialect } from "./definition.ts";

// Standalone: Fluent's own paths (POST /oauth/token, POST /graphql) on PORT (default 4103).
await runStandalone(fluentDialect);
