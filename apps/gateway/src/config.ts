import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HttpLimits, httpLimitsFromEnv } from "@cg/dialect-kit/http-server";

/** Repo-root `.data/` by default (the PGlite files and the bootstrap credentials live there). */
export const DEFAULT_DATA_DIR =
  process.env.CG_DATA_DIR ??
  path.resolve(fileURLToPath(new URL("../../../.data", import.meta.url)));

export interface GatewayConfig {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  development: boolean;
  /** Socket limits and the drain bound (CG_* variables); default DEFAULT_HTTP_LIMITS. */
  http?: HttpLimits;
}

export function configFromEnv(env = process.env): GatewayConfig {
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.CG_DATA_DIR ?? DEFAULT_DATA_DIR,
    development: env.NODE_ENV === "development",
    http: httpLimitsFromEnv(env),
  };
}
