import { configFromEnv } from "./config.ts";
import { createLogger } from "./logger.ts";
import { startGateway } from "./server.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write(`customer-gateway: serves every dialect, /trpc, /healthz, /readyz and /metrics on one port.

Environment:
  PORT          port to listen on (default 4000)
  HOST          interface (default 0.0.0.0)
  DATABASE_URL  PostgreSQL URL (?schema=x supported); unset = embedded PGlite under CG_DATA_DIR
  CG_DATA_DIR   data directory (default <repo>/.data; for dist/main.mjs ./.data): PGlite files,
                credentials.json
  LOG_LEVEL     pino level (default info); health probes and /metrics scrapes log at debug
  LOG_FORMAT    json (default) or pretty (human-readable; the default in development)
  NODE_ENV      "development": GraphiQL, introspection, a home page at / and pretty logs
`);
  process.exit(0);
}

const cfg = configFromEnv();
const log = createLogger({ pretty: cfg.prettyLogs });
const gw = await startGateway(cfg, log);
const shutdown = (signal: string) => {
  log.info({ signal }, "signal received");
  // A second signal, or a drain that hangs, ends the process anyway.
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  gw.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
