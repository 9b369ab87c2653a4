import { exitOnSignals, httpLimitsHelp } from "@cg/dialect-kit/http-server";
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
  CG_PGLITE_SYNC=off  embedded database: do not sync commits to disk (an OS crash may lose them)
  LOG_LEVEL     pino level (default info); health probes and /metrics scrapes log at debug
  LOG_FORMAT    json (default) or pretty (human-readable; the default in development)
  NODE_ENV      "development": GraphiQL, introspection, a home page at / and pretty logs
  CG_GRAPHQL_JIT=off  GraphQL dialects execute with yoga's executor instead of graphql-jit

Sockets and shutdown (milliseconds, counts):
${httpLimitsHelp()}`);
  process.exit(0);
}

const cfg = configFromEnv();
const log = createLogger({ pretty: cfg.prettyLogs });
const gw = await startGateway(cfg, log);
exitOnSignals(gw.stop, { log, boundMs: gw.boundMs });
