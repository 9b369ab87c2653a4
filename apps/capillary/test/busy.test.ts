import type { AddressInfo } from "node:net";
import { createCore, silentLogger } from "@cg/core";
import { createDb } from "@cg/db";
import { testEngines } from "@cg/db/testing";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capillary, createCapillaryHandler } from "../src/index.ts";
import { authHeaders, BULK, call, type Env, profile, setup, tenant } from "./helpers.ts";

const BUSY = {
  status: false,
  code: 521,
  message: "Multiple actions are running for the same customer. Please try after some time.",
};

/** A customer created through the bulk API: its entity id and the headers that made it. */
async function customer(env: Env, mobile: string) {
  const l = await tenant(env);
  const headers = await authHeaders(env, l, "basic");
  const made = await call(env, "POST", BULK, { headers, body: [profile({ mobile })] });
  expect(made.status).toBe(200);
  return { l, headers, id: made.body.response[0].entityId as number };
}

const update = (id: number, mobile: string, firstName: string) => ({
  path: `/v2/customers/${id}?source=WEB_ENGAGE&accountId=311c4dd1`,
  body: {
    profiles: [{ firstName, lastName: "K", identifiers: [{ type: "mobile", value: mobile }] }],
  },
});

// The database refuses every UPDATE of a customer with PostgreSQL's serialization failure (40001),
// as it does a write that met a concurrent one: core plans the write again from a fresh read,
// `writeAttempts` times, then gives up with BUSY. PGlite is one session, so two writers cannot
// block each other there; the trigger is the database's own refusal on both engines.
describe.each(testEngines())("a customer that stays busy on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine, { writeAttempts: 3 });
  });
  afterAll(() => env.close());

  const refuseUpdates = async () => {
    await env.t.db.sql.query(`
      CREATE OR REPLACE FUNCTION cg_test_busy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'another writer' USING ERRCODE = 'serialization_failure'; END $$`);
    await env.t.db.sql.query(`CREATE TRIGGER cg_test_busy BEFORE UPDATE ON customers
      FOR EACH ROW EXECUTE FUNCTION cg_test_busy()`);
  };
  const allowUpdates = () => env.t.db.sql.query("DROP TRIGGER cg_test_busy ON customers");

  it("is answered 521 in Capillary's request-level shape (update) and item shape (bulk); nothing written", async () => {
    const mobile = "919811100001";
    const { headers, id } = await customer(env, mobile);
    await refuseUpdates();
    try {
      const u = update(id, mobile, "Busy");
      const r = await call(env, "PUT", u.path, { headers, body: u.body });
      expect(r.status).toBe(521);
      expect(r.body).toEqual({ errors: [BUSY], warnings: [] });
      const bulk = await call(env, "POST", BULK, {
        headers,
        body: [profile({ mobile, firstName: "Busier" })],
      });
      expect(bulk.status).toBe(201);
      expect(bulk.body.failureCount).toBe(1);
      expect(bulk.body.response[0]).toMatchObject({ entityId: null, errors: [BUSY] });
    } finally {
      await allowUpdates();
    }
    const got = await call(env, "GET", `/v2/customers/${id}`, { headers });
    expect(got.body.profiles[0].firstName).toBe("Vishal");
    // Once the other writer is gone the same call goes through.
    const u = update(id, mobile, "Free");
    expect((await call(env, "PUT", u.path, { headers, body: u.body })).status).toBe(200);
  });
});

// A row lock held by another session past the gateway's lock_timeout (55P03): the real
// two-writer case, which needs two sessions (PostgreSQL only).
describe.runIf(testEngines().includes("postgres"))("a customer locked by another session", () => {
  let env: Env;
  let locked: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    env = await setup("postgres");
    // A second gateway core on the same database whose sessions wait at most 50 ms for a lock.
    const db = createDb({ url: env.t.url!, poolSize: 4, preparedPoolSize: 2, lockTimeoutMs: 50 });
    const core = createCore(db, { dialects: [capillary], writeAttempts: 3 });
    const handler = createCapillaryHandler(
      { core, log: silentLogger, development: false },
      { root: "" },
    );
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    locked = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
      },
    };
  });
  afterAll(async () => {
    await locked.close();
    await env.close();
  });

  it("answers 521 while the lock is held, and 200 once it is released", async () => {
    const mobile = "919811100002";
    const { headers, id } = await customer(env, mobile);
    const u = update(id, mobile, "Locked");
    // The test's own session holds the row lock for as long as the transaction is open.
    await env.t.db.sql.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM customers WHERE number = $1 FOR UPDATE", [id]);
      const r = await call(locked, "PUT", u.path, { headers, body: u.body });
      expect(r.status).toBe(521);
      expect(r.body).toEqual({ errors: [BUSY], warnings: [] });
    });
    const again = await call(locked, "PUT", u.path, { headers, body: u.body });
    expect(again.status).toBe(200);
  });
});
