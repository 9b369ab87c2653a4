import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HttpLimits, httpLimitsFromEnv } from "@cg/dialect-kit/http-server";

/**
 * Where the PGlite files and the bootstrap credentials live: from source, the repo's `.data/`; in
 * the bundle (dist/*.mjs, which may run anywhere), `.data/` in the working directory.
 */
export const DEFAULT_DATA_DIR =
  process.env.CG_DATA_DIR ||
  (import.meta.url.endsWith(".mjs")
    ? path.resolve(".data")
    : path.resolve(fileURLToPath(new URL("../../../.data", import.meta.url))));

export interface GatewayConfig {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  development: boolean;
  /** Socket limits and the drain bound (CG_* variables); default DEFAULT_HTTP_LIMITS. */
  http?: HttpLimits;
  /** Human-readable log lines: LOG_FORMAT=pretty, or development unless LOG_FORMAT=json. */
  prettyLogs?: boolean;
}

export function configFromEnv(env = process.env): GatewayConfig {
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.CG_DATA_DIR || DEFAULT_DATA_DIR,
    development: env.NODE_ENV === "development",
    http: httpLimitsFromEnv(env),
    prettyLogs:
      env.LOG_FORMAT === "pretty" || (env.NODE_ENV === "development" && env.LOG_FORMAT !== "json"),
  };
}
