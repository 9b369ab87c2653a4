import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createCore } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import type { DialectDefinition, Route } from "@cg/dialect-kit";
import { serve } from "@hono/node-server";
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
  /** Stop accepting, finish in-flight requests, close the database. */
  stop(): Promise<void>;
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

  const app = createGatewayApp({
    db,
    core,
    log,
    metrics,
    development: cfg.development,
    ...(opts.dialects ? { dialects: opts.dialects } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: cfg.port, hostname: cfg.host }, () =>
      resolve(s as Server),
    );
  });
  const port = (server.address() as AddressInfo).port;
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
      log.info("shutting down: no new connections, finishing in-flight requests");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      removeRunning(cfg.dataDir);
      await db.close();
      log.info("stopped");
    })());
  return { url: `http://127.0.0.1:${port}`, port, stop };
}
