import { randomUUID } from "node:crypto";
import { createTrpcHandler, trpcPathOf, trpcRefusalBody } from "@cg/api";
import { type Core, type RequestLogFields, withRequestLog } from "@cg/core";
import { type Db, pendingMigrations } from "@cg/db";
import {
  createDialectHandler,
  type DialectDefinition,
  type DialectDeps,
  type Route,
} from "@cg/dialect-kit";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { createConsole, type Presenter } from "./console/index.tsx";
import { DIALECTS } from "./dialects.ts";
import { homePage } from "./home-page.ts";
import type { Metrics } from "./metrics.ts";

export interface GatewayDeps {
  db: Db;
  core: Core;
  log: Logger;
  metrics: Metrics;
  development?: boolean;
  /** The dialects to mount; defaults to every definition in dialects.ts. */
  dialects?: readonly DialectDefinition<Route>[];
  /** True once shutdown began: /readyz answers 503 so a load balancer moves away. */
  draining?: () => boolean;
  /** Largest request body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

type Env = {
  Variables: { reqId: string; dialect: string; route: string; pattern: string };
};

/** A failed request's `error` in its log line when no layer said why. */
const STATUS_ERRORS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "BODY_TOO_LARGE",
  429: "THROTTLED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** A client's x-request-id is kept only in this form (it is logged and echoed); else a fresh one. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** tRPC answers its 415 (a JSON envelope) as text/plain: say what the body is. */
const withJsonType = (res: Response) => {
  if (res.status !== 415) return res;
  const headers = new Headers(res.headers);
  headers.set("content-type", "application/json");
  return new Response(res.body, { status: res.status, headers });
};

/** A refusal under /trpc in tRPC's envelope, with the procedure the path names. */
const trpcRefusal = (path: string, code: "NOT_FOUND" | "PAYLOAD_TOO_LARGE", status: 404 | 413) =>
  new Response(
    trpcRefusalBody(
      code,
      status,
      code === "NOT_FOUND" ? "No such procedure" : "Request body too large",
      trpcPathOf(path),
    ),
    { status, headers: { "content-type": "application/json" } },
  );

/** The composition root's HTTP side: one Hono app routing to tRPC, every dialect and ops endpoints. */
export function createGatewayApp(deps: GatewayDeps) {
  const app = new Hono<Env>();
  const { log, metrics } = deps;
  const dialectDeps: DialectDeps = { core: deps.core, log, development: deps.development ?? false };

  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const reqId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    c.set("reqId", reqId);
    c.set("dialect", "none");
    c.set("route", "other");
    c.set("pattern", "*");
    const fields: RequestLogFields = {};
    const start = performance.now();
    try {
      await withRequestLog(fields, next);
    } finally {
      const seconds = (performance.now() - start) / 1000;
      const { dialect, route } = { dialect: c.get("dialect"), route: c.get("route") };
      const status = c.res.status;
      c.header("x-request-id", reqId);
      metrics.requests.inc({ route, dialect, method: c.req.method, status: String(status) });
      metrics.latency.observe({ route, dialect }, seconds);
      if (route === "trpc") fields.operation ??= c.req.path.slice("/trpc/".length);
      if (status >= 400 && !fields.error) fields.error = STATUS_ERRORS[status] ?? `HTTP_${status}`;
      // The route pattern, never the raw path, headers or bodies: they can carry secrets and
      // personal data. Probes and scrapes at debug, so they don't drown the requests.
      const level =
        route === "healthz" || route === "readyz" || route === "metrics" ? "debug" : "info";
      log[level](
        {
          reqId,
          method: c.req.method,
          route: c.get("pattern"),
          status,
          ms: Math.round(seconds * 1e4) / 10,
          dialect,
          ...fields,
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
    onError: (c) => trpcRefusal(c.req.path, "PAYLOAD_TOO_LARGE", 413),
  });

  app.get("/healthz", (c) => {
    c.set("route", "healthz");
    c.set("pattern", "/healthz");
    return c.json({ ok: true });
  });
  app.get("/readyz", async (c) => {
    c.set("route", "readyz");
    c.set("pattern", "/readyz");
    if (deps.draining?.()) return c.json({ ok: false, draining: true }, 503);
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
    c.set("pattern", "/metrics");
    return c.text(await metrics.registry.metrics(), 200, {
      "content-type": metrics.registry.contentType,
    });
  });

  const dialects = deps.dialects ?? DIALECTS;
  if (deps.development) {
    const page = homePage(
      dialects.map((d) => ({
        dialect: d.name,
        prefix: d.prefix,
        endpoints: () =>
          (d.endpoints?.() ?? []).map((e) => ({ ...e, path: `${d.prefix}${e.path}` })),
      })),
    );
    app.get("/", (c) => {
      c.set("pattern", "/");
      return c.html(page);
    });
  }

  const trpc = createTrpcHandler({
    core: deps.core,
    log,
    formats: (deps.dialects ?? DIALECTS).flatMap((d) => d.formats ?? []),
  });
  app.all("/trpc/*", limit, async (c) => {
    c.set("route", "trpc");
    c.set("pattern", "/trpc/*");
    c.set("dialect", "internal");
    return withJsonType(await trpc(c.req.raw));
  });

  // The admin console (console/): pages over the tRPC router, one view per dialect's `present`.
  const presenters = new Map<string, Presenter>();
  const adminConsole = createConsole({ core: deps.core, log, dialects, presenters });
  const toConsole = (c: Context<Env>) => {
    c.set("route", "admin");
    c.set("pattern", "/admin/*");
    c.set("dialect", "internal");
    return adminConsole.fetch(c.req.raw);
  };
  app.all("/admin", toConsole);
  app.all("/admin/*", toConsole);

  for (const def of dialects) {
    const handler = createDialectHandler(def, dialectDeps, {
      root: def.prefix,
      onSetup: (server) => {
        if (server.present) presenters.set(def.name, server.present.bind(server));
      },
    });
    // No gateway body limit here: each dialect caps bodies itself and answers in its own shape.
    app.all(`${def.prefix}/*`, (c) => {
      c.set("route", def.prefix.slice(1));
      c.set("pattern", `${def.prefix}/*`);
      c.set("dialect", def.name);
      return handler(c.req.raw);
    });
  }

  app.notFound((c) =>
    c.req.path === "/trpc" || c.req.path.startsWith("/trpc/")
      ? trpcRefusal(c.req.path, "NOT_FOUND", 404)
      : c.json({ error: "Not found" }, 404),
  );
  return app;
}
