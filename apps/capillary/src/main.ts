import { runStandalone } from "@cg/dialect-kit/standalone";
import { capillary } from "./definition.ts";

// Capillary's paths at the root (PORT, default 4105); DATABASE_URL or embedded PGlite.
await runStandalone(capillary);
