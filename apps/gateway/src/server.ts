import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { bootstrap, createCore } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import type { DialectDefinition, Route } from "@cg/dialect-kit";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { createGatewayApp } from "./app.ts";
import type { GatewayConfig } from "./config.ts";
import { DIALECTS } from "./dialects.ts";
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

  const boot = await bootstrap(db);
  if (boot) {
    const file = path.join(cfg.dataDir, "credentials.json");
    mkdirSync(cfg.dataDir, { recursive: true });
    const c = boot.credential;
    const body = {
      tenant: boot.tenant.slug,
      tenantId: boot.tenant.id,
      credential: { id: c.id, dialect: c.dialect, scopes: c.scopes, secret: c.secret },
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    if (!opts.quiet)
      process.stdout.write(
        `\nFirst start: created tenant "${boot.tenant.slug}" and an internal credential (saved to ${file}, mode 0600):\n  ${c.secret}\n` +
          `Try: curl -H "Authorization: Bearer ${c.secret}" 'http://localhost:${cfg.port}/trpc/customers.list?input=%7B%7D'\n\n`,
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
  log.info({ port, db: db.describe }, "gateway listening");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info("shutting down: no new connections, finishing in-flight requests");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await db.close();
      log.info("stopped");
    })());
  return { url: `http://127.0.0.1:${port}`, port, stop };
}
