import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCore, type Logger } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { serve } from "@hono/node-server";
import type { DialectDefinition, Route } from "./definition.ts";
import { createDialectHandler } from "./pipeline.ts";

const consoleLogger: Logger = {
  error: (o, m) => console.error(m ?? "error", o),
  warn: (o, m) => console.warn(m ?? "warn", o),
  info: (o, m) => console.info(m ?? "info", o),
};

/**
 * A dialect on its own, at the vendor's paths (root ""), on PORT or the definition's port: opens
 * the database (DATABASE_URL or embedded PGlite), migrates, serves, and on SIGTERM/SIGINT stops
 * accepting, finishes in-flight requests and closes the database before exiting 0.
 */
export async function runStandalone<R extends Route>(
  def: DialectDefinition<R>,
  opts: { port?: number; log?: Logger } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const log = opts.log ?? consoleLogger;
  const db = createDb();
  await migrate(db.sql);
  const core = createCore(db, { log });
  const fetch = createDialectHandler(
    def,
    { core, log, development: process.env.NODE_ENV === "development" },
    { root: "" },
  );
  const port = opts.port ?? Number(process.env.PORT ?? def.standalonePort);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, () =>
      resolve(s as Server),
    );
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log.info({ url, db: db.describe }, `${def.name}: listening`);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await db.close();
    })());
  const onSignal = () => {
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return { url, stop };
}
