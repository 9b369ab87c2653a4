import { randomUUID } from "node:crypto";
import { createTrpcHandler } from "@cg/api";
import type { Core } from "@cg/core";
import { type Db, pendingMigrations } from "@cg/db";
import {
  createDialectHandler,
  type DialectDefinition,
  type DialectDeps,
  type Route,
} from "@cg/dialect-kit";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { DIALECTS } from "./dialects.ts";
import type { Metrics } from "./metrics.ts";

export interface GatewayDeps {
  db: Db;
  core: Core;
  log: Logger;
  metrics: Metrics;
  development?: boolean;
  /** The dialects to mount; defaults to every definition in dialects.ts. */
  dialects?: readonly DialectDefinition<Route>[];
  /** Largest request body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

type Env = { Variables: { reqId: string; dialect: string; route: string } };

/** The composition root's HTTP side: one Hono app routing to tRPC, every dialect and ops endpoints. */
export function createGatewayApp(deps: GatewayDeps) {
  const app = new Hono<Env>();
  const { log, metrics } = deps;
  const dialectDeps: DialectDeps = { core: deps.core, log, development: deps.development ?? false };

  app.use("*", async (c, next) => {
    const reqId = c.req.header("x-request-id")?.slice(0, 128) || randomUUID();
    c.set("reqId", reqId);
    c.set("dialect", "none");
    c.set("route", "other");
    const start = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - start) / 1000;
      const { dialect, route } = { dialect: c.get("dialect"), route: c.get("route") };
      c.header("x-request-id", reqId);
      metrics.requests.inc({ route, dialect, method: c.req.method, status: String(c.res.status) });
      metrics.latency.observe({ route, dialect }, seconds);
      // Never log headers or bodies: they carry secrets and personal data.
      if (route !== "healthz" && route !== "metrics")
        log.info(
          {
            reqId,
            method: c.req.method,
            path: c.req.path,
            status: c.res.status,
            ms: Math.round(seconds * 1e4) / 10,
            dialect,
          },
          "request",
        );
    }
  });

  app.onError((err, c) => {
    log.error({ err, reqId: c.get("reqId") }, "unhandled error");
    return c.json({ error: "Internal server error", requestId: c.get("reqId") }, 500);
  });

  const limit = bodyLimit({
    maxSize: deps.maxBodyBytes ?? 1024 * 1024,
    onError: (c) => c.json({ error: "Request body too large" }, 413),
  });

  app.get("/healthz", (c) => {
    c.set("route", "healthz");
    return c.json({ ok: true });
  });
  app.get("/readyz", async (c) => {
    c.set("route", "readyz");
    try {
      const pending = await pendingMigrations(deps.db.sql);
      if (pending.length) return c.json({ ok: false, pendingMigrations: pending }, 503);
      return c.json({ ok: true, engine: deps.db.engine });
    } catch (err) {
      log.warn({ err }, "readiness check failed");
      return c.json({ ok: false, error: "database unreachable" }, 503);
    }
  });
  app.get("/metrics", async (c) => {
    c.set("route", "metrics");
    return c.text(await metrics.registry.metrics(), 200, {
      "content-type": metrics.registry.contentType,
    });
  });

  const trpc = createTrpcHandler({ core: deps.core, log });
  app.all("/trpc/*", limit, (c) => {
    c.set("route", "trpc");
    c.set("dialect", "internal");
    return trpc(c.req.raw);
  });

  for (const def of deps.dialects ?? DIALECTS) {
    const handler = createDialectHandler(def, dialectDeps, { root: def.prefix });
    // No gateway body limit here: each dialect caps bodies itself and answers in its own shape.
    app.all(`${def.prefix}/*`, (c) => {
      c.set("route", def.prefix.slice(1));
      c.set("dialect", def.name);
      return handler(c.req.raw);
    });
  }

  app.notFound((c) => c.json({ error: "Not found" }, 404));
  return app;
}
