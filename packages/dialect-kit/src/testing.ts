import type { AddressInfo } from "node:net";
import {
  type Core,
  type CreatedCredential,
  createCore,
  type FetchHandler,
  type Logger,
  type RegisteredDialect,
  silentLogger,
} from "@cg/core";
import { createTestDb, type Engine, type TestDb } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import type { DialectDefinition, DialectDeps, Route } from "./definition.ts";
import { createDialectHandler } from "./pipeline.ts";

/** A dialect no test serves: its credentials are "of another dialect" everywhere. */
export const OTHER_DIALECT: RegisteredDialect = {
  name: "other",
  scopes: { all: ["other:read"], defaults: ["other:read"] },
};

export interface DialectTestEnv {
  t: TestDb;
  core: Core;
  /** The handler served on loopback (in-process calls skip the socket). */
  handler: FetchHandler;
  /** http://127.0.0.1:<port>; the dialect's routes are below `base + root`. */
  base: string;
  root: string;
  /** Another handler of the same dialect on the same database (development on, a broken core…). */
  handlerWith(o: { development?: boolean; core?: Core; root?: string }): FetchHandler;
  /** A new tenant (slug `<dialect>-<n>-<random>`). */
  tenant(): Promise<{ slug: string; tenantId: string }>;
  /** A credential of this dialect (or `dialect`) in the tenant; default scopes unless named. */
  credential(
    tenant: string,
    o?: { scopes?: string[]; dialect?: string; name?: string },
  ): Promise<CreatedCredential>;
  close(): Promise<void>;
}

let n = 0;

/**
 * A dialect on loopback (127.0.0.1, a random port) over a fresh, migrated database of `engine`,
 * with a core that knows the dialect and OTHER_DIALECT. Every dialect's tests start here.
 */
export async function startDialect<R extends Route>(
  def: DialectDefinition<R>,
  engine: Engine,
  o: {
    root?: string;
    development?: boolean;
    /** Wraps the core the handler sees (e.g. to make one call fail). */
    core?: (c: Core) => Core;
    clock?: () => number;
    log?: Logger;
  } = {},
): Promise<DialectTestEnv> {
  const t = await createTestDb(engine);
  const core = createCore(t.db, { dialects: [def, OTHER_DIALECT] });
  const root = o.root ?? "";
  const deps = (over: { development?: boolean; core?: Core }): DialectDeps => ({
    core: over.core ?? core,
    log: o.log ?? silentLogger,
    development: over.development ?? o.development ?? false,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const handler = createDialectHandler(def, deps({ core: o.core ? o.core(core) : core }), {
    root,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    core,
    handler,
    base,
    root,
    handlerWith: (w) => createDialectHandler(def, deps(w), { root: w.root ?? root }),
    async tenant() {
      const slug = `${def.name}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const r = await core.tenants.create(slug);
      if (!r.ok) throw new Error(r.error.message);
      return { slug, tenantId: r.value.id };
    },
    async credential(tenant, c = {}) {
      const r = await core.credentials.create({
        tenant,
        dialect: c.dialect ?? def.name,
        ...(c.scopes ? { scopes: c.scopes } : {}),
        ...(c.name ? { name: c.name } : {}),
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    },
  };
}
