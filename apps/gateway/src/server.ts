import path from "node:path";
import { trpcPathOf, trpcRefusalBody } from "@cg/api";
import { createCore } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { type DialectDefinition, headerOverflowRefusal, type Route } from "@cg/dialect-kit";
import { DEFAULT_HTTP_LIMITS, listen } from "@cg/dialect-kit/http-server";
import type { Logger } from "pino";
import { createGatewayApp } from "./app.ts";
import type { GatewayConfig } from "./config.ts";
import { removeRunning, writeRunning } from "./data-files.ts";
import { DIALECTS } from "./dialects.ts";
import { firstRun } from "./first-run.ts";
import { createMetrics } from "./metrics.ts";

export interface RunningGateway {
  url: string;
  port: number;
  /**
   * Readiness off, then stop accepting, finish in-flight requests (each kept-alive connection
   * closed after its current answer), close the database; bounded by `boundMs`.
   */
  stop(): Promise<void>;
  /** The drain's delay plus its timeout. */
  boundMs: number;
}

/** Opens the database, migrates, bootstraps an empty one, and serves. */
export async function startGateway(
  cfg: GatewayConfig,
  log: Logger,
  opts: {
    /** Dialect definitions to serve instead of dialects.ts's. */
    dialects?: readonly DialectDefinition<Route>[];
    quiet?: boolean;
  } = {},
): Promise<RunningGateway> {
  const db = createDb({ url: cfg.databaseUrl ?? "", dataDir: path.join(cfg.dataDir, "pglite") });
  const m = await migrate(db.sql);
  if (m.applied.length) log.info({ applied: m.applied }, "migrations applied");
  const metrics = createMetrics();
  const core = createCore(db, {
    log,
    dialects: opts.dialects ?? DIALECTS,
    observe: (dialect, result) => metrics.upserts.inc({ dialect, result }),
  });

  const boot = await firstRun(db, cfg.dataDir);
  if (boot && !opts.quiet) {
    const secret = boot.body.credential.secret;
    process.stdout.write(
      `\nFirst start: created tenant "${boot.body.tenant}" and an internal credential (saved to ${boot.file}, mode 0600):\n  ${secret}\n` +
        `Try: curl -H "Authorization: Bearer ${secret}" 'http://localhost:${cfg.port}/trpc/customers.list?input=%7B%7D'\n\n`,
    );
  }

  let draining = () => false;
  const app = createGatewayApp({
    db,
    core,
    log,
    metrics,
    development: cfg.development,
    draining: () => draining(),
    ...(opts.dialects ? { dialects: opts.dialects } : {}),
  });
  const limits = cfg.http ?? DEFAULT_HTTP_LIMITS;
  const overflow = headerOverflowRefusal(
    (opts.dialects ?? DIALECTS).map((def) => ({ def, root: def.prefix })),
  );
  const http = await listen(app.fetch, {
    port: cfg.port,
    host: cfg.host,
    limits,
    log,
    // Node refuses it before any handler: answered in the shape of the endpoint the path names.
    headerOverflow: (path) => {
      const p = path?.split("?", 1)[0] ?? "";
      const message = "Request header fields too large";
      if (p === "/trpc" || p.startsWith("/trpc/"))
        return new Response(trpcRefusalBody("BAD_REQUEST", 431, message, trpcPathOf(p)), {
          status: 431,
          headers: { "content-type": "application/json" },
        });
      return (
        overflow(p) ??
        new Response(JSON.stringify({ error: message }), {
          status: 431,
          headers: { "content-type": "application/json" },
        })
      );
    },
  });
  draining = http.draining;
  const port = http.port;
  // On PGlite the CLI cannot open the database beside us: tell it where our admin API is.
  if (db.engine === "pglite") {
    const host = cfg.host === "0.0.0.0" || cfg.host === "::" ? "127.0.0.1" : cfg.host;
    writeRunning(cfg.dataDir, {
      pid: process.pid,
      url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    });
  }
  log.info({ port, db: db.describe }, "gateway listening");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info(
        { delayMs: limits.drainDelayMs, timeoutMs: limits.drainTimeoutMs },
        "shutting down: readiness off, then no new connections, finishing in-flight requests",
      );
      const drained = await http.drain();
      if (drained.timedOut)
        log.warn(drained, "drain bound reached: the connections still open were cut");
      removeRunning(cfg.dataDir);
      await db.close();
      log.info("stopped");
    })());
  return {
    url: http.url,
    port: http.port,
    stop,
    boundMs: limits.drainDelayMs + limits.drainTimeoutMs,
  };
}
