import { runStandalone } from "@cg/dialect-kit/standalone";
import { plainDialect } from "./dialect.ts";

// Standalone Plain endpoint at Plain's own path: POST http://localhost:4101/graphql/v1
await runStandalone(plainDialect);
