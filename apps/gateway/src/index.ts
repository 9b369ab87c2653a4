export { createGatewayApp, type GatewayDeps } from "./app.ts";
export { configFromEnv, type GatewayConfig } from "./config.ts";
export { DIALECTS } from "./dialects.ts";
export { createLogger } from "./logger.ts";
export { createMetrics } from "./metrics.ts";
export { type RunningGateway, startGateway } from "./server.ts";
