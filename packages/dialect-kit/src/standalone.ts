import { createCore, type Logger } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import type { DialectDefinition, Route } from "./definition.ts";
import { headerOverflowRefusal } from "./header-overflow.ts";
import { exitOnSignals, httpLimitsFromEnv, listen } from "./http-server.ts";
import { createDialectHandler } from "./pipeline.ts";

const consoleLogger: Logger = {
  error: (o, m) => console.error(m ?? "error", o),
  warn: (o, m) => console.warn(m ?? "warn", o),
  info: (o, m) => console.info(m ?? "info", o),
};

/**
 * A dialect on its own, at the vendor's paths (root ""), on PORT or the definition's port: opens
 * the database (DATABASE_URL or embedded PGlite), migrates, serves with the socket limits of
 * http-server.ts (CG_* variables), and on SIGTERM/SIGINT drains and closes the database before
 * exiting 0.
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
  const limits = httpLimitsFromEnv();
  const overflow = headerOverflowRefusal([{ def: def as DialectDefinition<Route>, root: "" }]);
  const http = await listen(fetch, {
    port,
    host: process.env.HOST ?? "127.0.0.1",
    limits,
    log,
    headerOverflow: (path) => overflow(path) ?? new Response(null, { status: 431 }),
  });
  log.info({ url: http.url, db: db.describe }, `${def.name}: listening`);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await http.drain();
      await db.close();
    })());
  exitOnSignals(stop, { log, boundMs: limits.drainDelayMs + limits.drainTimeoutMs });
  return { url: http.url, stop };
}
