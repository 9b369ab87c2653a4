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
  CG_DATA_DIR   data directory (default <repo>/.data): PGlite files and credentials.json
  CG_PGLITE_SYNC=off  embedded database: do not sync commits to disk (an OS crash may lose them)
  LOG_LEVEL     pino level (default info)
  NODE_ENV      "development" turns on GraphiQL and introspection on the dialect endpoints

Sockets and shutdown (milliseconds, counts):
${httpLimitsHelp()}`);
  process.exit(0);
}

const log = createLogger();
const gw = await startGateway(configFromEnv(), log);
exitOnSignals(gw.stop, { log, boundMs: gw.boundMs });
