export { createGatewayApp, type GatewayDeps } from "./app.ts";
export { startGateway, type RunningGateway } from "./server.ts";
export { configFromEnv, type GatewayConfig } from "./config.ts";
export { createLogger } from "./logger.ts";
export { createMetrics } from "./metrics.ts";
export { DIALECT_MOUNTS, type DialectMount } from "./dialects.ts";
