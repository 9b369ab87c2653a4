/**
 * `pnpm bench`: core.upsert, upsertMany and the dialect endpoints against raw SQL baselines,
 * measured in one run on PostgreSQL (when reachable) and on PGlite. Not a test: it prints a
 * table and one JSON line, and asserts nothing.
 */
import { fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeFormats, formatRegistry, importBatch } from "@cg/api";
import {
  type Core,
  createCore,
  createCredential,
  createTenant,
  hashSecret,
  type RegisteredDialect,
  type UpsertInput,
  verifySecret,
} from "@cg/core";
import { createDb, type Db, migrate } from "@cg/db";
import { runImport } from "@cg/gateway/import-file";
import { SHOPIFY_CSV_COLUMNS, shopifyCsvFormat } from "@cg/shopify";
import pg from "pg";
import type { LoadResult, LoadRun } from "./load.ts";
import { Meter, measure, paired } from "./measure.ts";
import { loadScenarios, type Scenario } from "./scenarios.ts";

interface Row {
  name: string;
  engine: "postgres" | "pglite";
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Rate over the baseline's (for a paired row: the copy of it measured alongside). */
  ratioToRaw: number | null;
  baseline: string | null;
  /** Set by `judge` for the rows issue #18 gives a target. */
  target?: Target;
  /** A ratio shown beside the row with no target (where a floor stands against the one below). */
  reference?: { of: string; ratio: number | null };
}

/** A row's target: its ratio to `of` at least `min` (and, HTTP rows, p99/p50 at most 3). */
interface Target {
  of: string;
  ratio: number | null;
  min: number;
  /** Throughput floor in ops/s (PGlite core.upsert.c32). */
  minOps?: number;
  /** p99 / p50, HTTP rows. */
  tail?: number;
  meets: boolean;
}

const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const KEYS = 5000;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (x: number) => Math.max(100, Math.round(x * SCALE));
const rows: Row[] = [];
/** `BENCH_ONLY=<regex>`: only the rows whose name matches (and what they are read against). */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
/** `BENCH_ENGINES=postgres` (or `pglite`): the engine rows of one engine only. */
const ENGINES = (process.env.BENCH_ENGINES ?? "postgres,pglite").split(",");
const want = (...names: string[]) => !ONLY || names.some((x) => ONLY.test(x));
/** An unpaired row's stand-in, when BENCH_ONLY skipped it. */
const skipped = () => ({ row: new Meter(), base: new Meter() });
const log = (s: string) => process.stderr.write(`${s}\n`);

const input = (i: number, run: string): UpsertInput => {
  const email = `bench-${run}-${i % KEYS}@example.com`;
  return {
    lookup: [{ kind: "EMAIL", value: email }],
    onCreate: {
      firstName: `F${i}`,
      lastName: "Bench",
      tags: ["bench"],
      identifiers: [{ kind: "EMAIL", value: email }],
    },
    onUpdate: { firstName: `F${i}` },
  };
};

/** See the floor row in engineRows. $1 tenant, $2 emails, $3 first names, $4 new customer ids. */
const FLOOR_MANY = `WITH k AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) k(email, fn, new_id)),
f AS (SELECT k.*, i.customer_id FROM k LEFT JOIN LATERAL (SELECT customer_id FROM identifiers i
   WHERE i.tenant_id = $1 AND i.kind = 'EMAIL' AND i.namespace = '' AND i.value = k.email OFFSET 0) i ON true),
ins AS (INSERT INTO customers (id, tenant_id, first_name, last_name, tags, created_by_dialect, updated_by_dialect)
  SELECT new_id, $1, fn, 'Bench', ARRAY['bench'], 'internal', 'internal' FROM f WHERE customer_id IS NULL RETURNING id, version, first_name),
ii AS (INSERT INTO identifiers (id, tenant_id, customer_id, kind, namespace, value, "primary")
  SELECT 'i' || new_id, $1, new_id, 'EMAIL', '', email, true FROM f WHERE customer_id IS NULL),
old AS (SELECT c.id, c.first_name FROM customers c WHERE c.id = ANY(ARRAY(SELECT customer_id FROM f WHERE customer_id IS NOT NULL))),
upd AS (UPDATE customers c SET first_name = f.fn, version = c.version + 1, updated_at = now()
  FROM f WHERE c.id = ANY(ARRAY(SELECT customer_id FROM f WHERE customer_id IS NOT NULL)) AND c.id = f.customer_id
    AND c.first_name IS DISTINCT FROM f.fn
  RETURNING c.id, c.version, f.fn),
ev AS (INSERT INTO events (tenant_id, customer_id, dialect, result, version, changes)
  SELECT $1, id, 'internal', 'CREATED', version, jsonb_build_array(
    jsonb_build_object('field', 'firstName', 'before', null, 'after', first_name),
    jsonb_build_object('field', 'lastName', 'before', null, 'after', 'Bench'),
    jsonb_build_object('field', 'tags', 'before', '[]'::jsonb, 'after', '["bench"]'::jsonb)) FROM ins
  UNION ALL SELECT $1, u.id, 'internal', 'UPDATED', u.version,
    jsonb_build_array(jsonb_build_object('field', 'firstName', 'before', o.first_name, 'after', u.fn)) FROM upd u JOIN old o ON o.id = u.id)
SELECT id, version FROM ins UNION ALL SELECT id, version FROM upd`;

const RAW_TABLE = `CREATE TABLE bench_raw (email text PRIMARY KEY, first_name text, updated_at timestamptz NOT NULL DEFAULT now())`;
const SINGLE = `INSERT INTO bench_raw (email, first_name) VALUES ($1, $2)
    ON CONFLICT (email) DO UPDATE SET first_name = excluded.first_name, updated_at = now()`;

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function engineRows(
  engine: "postgres" | "pglite",
  db: Db,
): Promise<{ single: string; upsertMany: number }> {
  // BENCH_MAX_IN_FLIGHT: core's group-commit depth (CoreOptions.maxInFlight), to compare settings.
  const inFlight = process.env.BENCH_MAX_IN_FLIGHT;
  const core = createCore(db, inFlight ? { maxInFlight: Number(inFlight) } : {});
  const t = await createTenant(db, `bench-${randomBytes(3).toString("hex")}`);
  if (!t.ok) throw new Error(t.error.message);
  const ctx = { tenantId: t.value.id, actor: { dialect: "internal", credentialId: null } };
  const scale = engine === "pglite" ? 0.5 : 1;
  const add = (
    name: string,
    m: { opsPerSec: number; p50Ms: number; p99Ms: number },
    raw: number | null,
    baseline: string | null,
  ) => {
    if (!(m.opsPerSec > 0)) return; // skipped by BENCH_ONLY
    rows.push({ name, engine, ...m, ratioToRaw: raw ? m.opsPerSec / raw : null, baseline });
    log(`  ${engine.padEnd(8)} ${name.padEnd(34)} ${m.opsPerSec.toFixed(0).padStart(8)} ops/s`);
  };

  await db.sql.query(RAW_TABLE);
  const single = SINGLE;
  const multi = `INSERT INTO bench_raw (email, first_name) SELECT * FROM unnest($1::text[], $2::text[])
    ON CONFLICT (email) DO UPDATE SET first_name = excluded.first_name, updated_at = now()`;
  const warm = async (f: (i: number) => Promise<unknown>) => measure(200, 8, f);

  await warm((i) => db.sql.query(single, [`w${i}@x.io`, "w"]));
  await warm((i) => core.upsert(ctx, input(i, "warm")));

  // Raw baselines: single-row upsert (sequential or 32 callers) and a 100-row multi-insert. Each
  // row below runs in alternating slices with its own copy of its baseline (`paired`), and its
  // ratio is taken against that copy: this machine drifts by tens of percent within one run.
  const rawSingle = (tag: string, concurrency: number) => (m: Meter, ops: number) =>
    m.run(ops, concurrency, (i) => db.sql.query(single, [`${tag}${i % KEYS}@x.io`, `F${i}`]));
  const rawMulti = (tag: string) => (m: Meter, ops: number) =>
    m.run(
      ops,
      1,
      (b) => {
        const emails = Array.from({ length: 100 }, (_, k) => `${tag}${(b * 100 + k) % KEYS}@x.io`);
        return db.sql.query(multi, [emails, emails.map((_, k) => `F${b}-${k}`)]);
      },
      100,
    );
  const SLICES = 6;

  const seq = !want("core.upsert.sequential", "raw.insertOnConflict.sequential")
    ? skipped()
    : await paired(
        SLICES,
        (m, ops) => m.run(ops, 1, (i) => core.upsert(ctx, input(i, "seq"))),
        n(2000 * scale),
        rawSingle("rs", 1),
        n(3000 * scale),
      );
  const c32 = !want("core.upsert.c32", "raw.insertOnConflict.c32")
    ? skipped()
    : await paired(
        SLICES,
        (m, ops) => m.run(ops, 32, (i) => core.upsert(ctx, input(i, "c32"))),
        n(8000 * scale),
        rawSingle("rc", 32),
        n(8000 * scale),
      );
  const many = !want("core.upsertMany", "raw.insertOnConflict.multi100", "upsertBulk")
    ? skipped()
    : await paired(
        SLICES,
        (m, ops) =>
          m.run(
            ops,
            1,
            (b) =>
              core.upsertMany(
                ctx,
                Array.from({ length: 100 }, (_, k) => input(b * 100 + k, "many")),
              ),
            100,
          ),
        n(150 * scale),
        rawMulti("rm"),
        n(150 * scale),
      );
  // `cg import` of a Shopify customer CSV as the CLI runs it on the database: the file streamed
  // and parsed (csv-parse), each row translated by Shopify's format, batches of 500 through
  // core.upsertMany with their idempotency keys. Rows like the upsertMany row's (an email, names,
  // a tag; later slices update first names). Each slice imports a new file; its slices alternate
  // with its own copy of upsertMany.batch100, and its ratio is to that copy.
  const csvDir = mkdtempSync(path.join(tmpdir(), "cg-bench-import-"));
  const csvInfo = describeFormats(formatRegistry([shopifyCsvFormat])).find(
    (f) => f.name === shopifyCsvFormat.name,
  )!;
  let csvNext = 0;
  const run = randomBytes(3).toString("hex");
  const importSlice = async (m: Meter, ops: number) => {
    const file = path.join(csvDir, `slice-${csvNext}.csv`);
    const cols = SHOPIFY_CSV_COLUMNS.filter(
      (c) => !["Customer ID", "Total Spent", "Total Orders"].includes(c),
    );
    const lines = [cols.join(",")];
    for (let i = csvNext; i < csvNext + ops; i++) {
      const row: Record<string, string> = {
        "First Name": `F${i}`,
        "Last Name": "Bench",
        Email: `bench-csv-${run}-${i % KEYS}@example.com`,
        Tags: "bench",
      };
      lines.push(cols.map((c) => row[c] ?? "").join(","));
    }
    writeFileSync(file, `${lines.join("\n")}\n`);
    csvNext += ops;
    const start = performance.now();
    await runImport({
      file,
      format: csvInfo,
      batchSize: 500,
      send: (b) => importBatch(core, ctx, shopifyCsvFormat, b),
    });
    m.add(ops, (performance.now() - start) / 1000);
    rmSync(file, { force: true });
    rmSync(`${file}.rejects.jsonl`, { force: true });
  };
  const manyCopy = (m: Meter, ops: number) =>
    m.run(
      ops,
      1,
      (b) =>
        core.upsertMany(
          ctx,
          Array.from({ length: 100 }, (_, k) => input(b * 100 + k, `csv-many-${run}`)),
        ),
      100,
    );
  const csvImport = !want("import.shopifyCsv")
    ? skipped()
    : await paired(SLICES, importSlice, n(15000 * scale), manyCopy, n(150 * scale));
  rmSync(csvDir, { recursive: true, force: true });
  // The floor of the upsertMany row: one hand-written statement per 100 items for exactly this
  // workload (probe the email, insert customer + identifier + CREATED event, or update the first
  // name + UPDATED event), no validation, no full read, no planning in JavaScript. It writes the
  // rows any upsert into the canonical tables must write; no general engine can beat it.
  const floorRun = randomBytes(3).toString("hex");
  const floor = !want("floor.handWrittenSql", "core.upsertMany")
    ? skipped()
    : await paired(
        SLICES,
        (m, ops) =>
          m.run(
            ops,
            1,
            (b) => {
              const keys = Array.from({ length: 100 }, (_, k) => (b * 100 + k) % KEYS);
              const args = [
                ctx.tenantId,
                keys.map((k) => `bench-floor-${k}@example.com`),
                keys.map((k) => `F${b * 100 + k}`),
                keys.map((k) => `floor-${floorRun}-${b}-${k}`),
              ];
              return db.sql.query(FLOOR_MANY, args, "bench_floor_many");
            },
            100,
          ),
        n(150 * scale),
        rawMulti("rf"),
        n(150 * scale),
      );
  // What a plain Prisma upsert loop reaches on the same database, for reference.
  const prisma = !want("prisma")
    ? skipped()
    : await paired(
        SLICES,
        (m, ops) =>
          m.run(ops, 32, (i) =>
            db.prisma.tenant.upsert({
              where: { slug: `p-${i % KEYS}` },
              create: { id: `p-${i % KEYS}`, slug: `p-${i % KEYS}`, name: `F${i}` },
              update: { name: `F${i}` },
            }),
          ),
        n(3000 * scale),
        rawSingle("rp", 32),
        n(3000 * scale),
      );
  const rawConc = Meter.merge([c32.base, prisma.base]).result();
  add("raw.insertOnConflict.sequential", seq.base.result(), null, null);
  add("raw.insertOnConflict.c32", rawConc, null, null);
  add("raw.insertOnConflict.multi100", Meter.merge([many.base, floor.base]).result(), null, null);
  const vs = (p: { row: Meter; base: Meter }) => p.base.result().opsPerSec;
  add("core.upsert.sequential", seq.row.result(), vs(seq), "raw.insertOnConflict.sequential");
  add("core.upsert.c32", c32.row.result(), vs(c32), "raw.insertOnConflict.c32");
  add("core.upsertMany.batch100", many.row.result(), vs(many), "raw.insertOnConflict.multi100");
  add("import.shopifyCsv", csvImport.row.result(), vs(csvImport), "core.upsertMany.batch100");
  add(
    "floor.handWrittenSql.batch100",
    floor.row.result(),
    vs(floor),
    "raw.insertOnConflict.multi100",
  );
  add("prisma.upsert.c32 (reference)", prisma.row.result(), vs(prisma), "raw.insertOnConflict.c32");
  return { single, upsertMany: many.row.result().opsPerSec };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Dialect endpoints through a real gateway process over HTTP, 32 concurrent clients. */
async function httpRows(db: Db, url: string, single: string, upsertMany: number) {
  const scenarios = await loadScenarios(log);
  if (!scenarios.length) return;
  const t = await createTenant(db, `bench-http-${randomBytes(3).toString("hex")}`);
  if (!t.ok) throw new Error(t.error.message);
  const port = await freePort();
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  const gw = spawn(
    process.execPath,
    [
      // BENCH_GATEWAY_PROF=<dir>: a V8 CPU profile of the gateway (profile-top.ts reads it).
      ...(process.env.BENCH_GATEWAY_PROF
        ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_GATEWAY_PROF]
        : []),
      "--import",
      "tsx",
      path.join(root, "apps/gateway/src/main.ts"),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        SHOPIFY_COST_BUCKET: "1000000",
        SHOPIFY_COST_RESTORE: "1000000",
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const core = createCore(db);
    const authorization = async (s: Scenario): Promise<string> => {
      if (s.prepare) {
        // A storefront row: a store code of the bench tenant, and whatever prepare signs in to.
        const code = `bench_${randomBytes(3).toString("hex")}`;
        const store = await core.stores.create({ tenant: t.value.slug, code });
        if (!store.ok) throw new Error(store.error.message);
        return s.prepare(`http://127.0.0.1:${port}`, code);
      }
      const c = s.registration
        ? await createCore(db, { dialects: [s.registration] }).credentials.create({
            tenant: t.value.slug,
            dialect: s.dialect,
          })
        : await createCredential(db, { tenant: t.value.slug, dialect: s.dialect });
      if (!c.ok) throw new Error(c.error.message);
      return s.authorize
        ? s.authorize({
            core,
            baseUrl: `http://127.0.0.1:${port}`,
            credentialId: c.value.id,
            tenantId: t.value.id,
            secret: c.value.secret,
            name: c.value.name,
          })
        : s.secretOf
          ? s.secretOf(c.value)
          : c.value.secret;
    };
    for (const s of scenarios) {
      if (!want(s.name)) continue;
      const secret = s.bare ? "bare" : await authorization(s);
      const target = s.bare ? await startBare(s.bare) : { port, stop: async () => {} };
      const per = s.itemsPerRequest ?? 1;
      // A bulk request carries `per` items: about twice the items of a single-item row per slice.
      const requests = (x: number) => (per === 1 ? x : Math.max(32, Math.ceil((x / per) * 2)));
      // The load generator is a process of its own (load.ts), as the gateway is; it times every
      // response and takes the rate to the last one.
      const load = await startLoad();
      const run = async (amount: number) => {
        const r = await load.run({ scenario: s.name, secret, port: target.port, amount });
        if (process.env.BENCH_SLICES) {
          const l = [...r.latencies].sort((x, y) => x - y);
          const q = (p: number) => (l[Math.floor(p * l.length)] ?? 0).toFixed(1);
          log(
            `    ${s.name}: ${r.requests} in ${r.seconds.toFixed(2)} s, p50 ${q(0.5)} p99 ${q(0.99)} max ${q(0.9999)}`,
          );
        }
        return r;
      };
      // Warm-up until the rate holds: a gateway just started optimises each request path over
      // its first few thousand requests (measured: 1 000-request slices of the GraphQL floor at
      // 2.10, 1.41, 1.13, 0.96 s after a warm-up of 1 000, with p99 from 675 ms down to 140 ms).
      // At least twice a slice, until two warm-up runs in a row differ by under 10% (at most ten).
      const warmAmount = requests(n(2000));
      let before = 0;
      for (let w = 0; w < 10; w++) {
        const r = await run(warmAmount);
        const rate = r.requests / r.seconds;
        if (w > 0 && Math.abs(rate - before) < 0.1 * before) break;
        before = rate;
      }
      // Three slices of the endpoint alternate with three of the raw single-row baseline at 32
      // connections (from this process, with the gateway idle), as the engine rows do.
      const http = { requests: 0, seconds: 0, bad: 0, why: [] as string[], lat: [] as number[] };
      const pair = await paired(
        3,
        async (_m, amount) => {
          const r = await run(amount);
          http.requests += r.requests;
          http.seconds += r.seconds;
          http.bad += r.bad;
          http.why.push(...r.why);
          http.lat.push(...r.latencies);
        },
        requests(n(6000)),
        (m, ops) =>
          m.run(ops, 32, (i) => db.sql.query(single, [`h${s.dialect}${i % KEYS}@x.io`, `F${i}`])),
        n(6000),
      );
      await load.stop();
      await target.stop();
      const rate = (http.requests * per) / http.seconds;
      // p50 and p99 of every response of the row's three slices.
      const lat = http.lat.sort((x, y) => x - y);
      const pct = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
      const raw = pair.base.result().opsPerSec;
      if (per > 1) {
        // Items/s of whole batches over HTTP, against core.upsertMany.batch100 of this run.
        const name = `${s.name}.http`;
        rows.push({
          name,
          engine: "postgres",
          opsPerSec: rate,
          p50Ms: pct(0.5),
          p99Ms: pct(0.99),
          ratioToRaw: rate / upsertMany,
          baseline: "core.upsertMany.batch100",
        });
        log(
          `  postgres ${name.padEnd(34)} ${rate.toFixed(0).padStart(8)} items/s (upsertMany: ${upsertMany.toFixed(0)})${http.bad ? ` (${http.bad} non-2xx/errors: ${http.why.join(", ")}!)` : ""}`,
        );
        continue;
      }
      rows.push({
        name: `${s.name}.http.c32`,
        engine: "postgres",
        opsPerSec: rate,
        p50Ms: pct(0.5),
        p99Ms: pct(0.99),
        ratioToRaw: rate / raw,
        baseline: "raw.insertOnConflict.c32",
      });
      log(
        `  postgres ${`${s.name}.http.c32`.padEnd(34)} ${rate.toFixed(0).padStart(8)} req/s (raw c32 alongside: ${raw.toFixed(0)})${http.bad ? ` (${http.bad} non-2xx/errors: ${http.why.join(", ")}!)` : ""}`,
      );
    }
    if (scenarios.some((s) => s.dialect === "magento")) await signInCost();
  } finally {
    gw.kill("SIGTERM");
    await new Promise((r) => gw.once("exit", r));
  }
}

/** The load generator (load.ts) in a process of its own; one per row. */
async function startLoad() {
  const child = fork(fileURLToPath(new URL("./load.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`load generator exited (${code})`)));
  });
  return {
    run: (m: LoadRun) =>
      new Promise<LoadResult>((resolve, reject) => {
        child.once("message", (r: { ok: boolean; result?: LoadResult; error?: string }) =>
          r.ok ? resolve(r.result!) : reject(new Error(r.error)),
        );
        child.send(m);
      }),
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** A floor's server (bare-floor.mjs, yoga-floor.mjs) in a process of its own, as the gateway is. */
async function startBare(file: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL(`./${file}`, import.meta.url)), String(port)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`${file} exited (${code})`)));
  });
  return {
    port,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/**
 * What a storefront sign-in costs the gateway beyond a request: one scrypt verification of the
 * password (core's hashSecret: N=2^15, r=8, 32 MiB), measured alone, one at a time.
 */
async function signInCost() {
  const hash = await hashSecret("Bench-passw0rd");
  const ms: number[] = [];
  for (let i = 0; i < Math.max(5, Math.round(20 * SCALE)); i++) {
    const start = performance.now();
    await verifySecret("Bench-passw0rd", hash);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  rows.push({
    name: "magento.signIn.scryptVerify",
    engine: "postgres",
    opsPerSec: 1000 / (ms.reduce((a, b) => a + b, 0) / ms.length),
    p50Ms: p(0.5),
    p99Ms: p(0.99),
    ratioToRaw: null,
    baseline: null,
  });
  log(`  magento sign-in cost: scrypt verification p50 ${p(0.5).toFixed(1)} ms (one at a time)`);
}

/**
 * Issue #18's targets, each a ratio within this run. Two rows paired with the same kind of raw
 * baseline are compared through their ratios to it (row/raw ÷ floor/raw), so that the machine's
 * drift between the two rows' slices cancels; capillary's row is rated against upsertMany's rate.
 * Every HTTP row also has p99/p50 ≤ 3.
 */
function judge(): void {
  const find = (name: string, engine: Row["engine"] = "postgres") =>
    rows.find((r) => r.name === name && r.engine === engine);
  const set = (
    r: Row | undefined,
    of: string,
    ratio: number | null,
    min: number,
    extra: { minOps?: number; http?: boolean } = {},
  ) => {
    if (!r) return;
    const tail = extra.http ? r.p99Ms / r.p50Ms : undefined;
    const meets =
      (of === "" || (ratio !== null && ratio >= min)) &&
      (extra.minOps === undefined || r.opsPerSec >= extra.minOps) &&
      (tail === undefined || tail <= 3);
    r.target = { of, ratio, min, ...(extra.minOps ? { minOps: extra.minOps } : {}), tail, meets };
  };
  const over = (a: Row | undefined, b: Row | undefined) =>
    a?.ratioToRaw && b?.ratioToRaw ? a.ratioToRaw / b.ratioToRaw : null;
  const c32 = find("core.upsert.c32");
  set(c32, "raw.insertOnConflict.c32", c32?.ratioToRaw ?? null, 1.0);
  const floorMany = find("floor.handWrittenSql.batch100");
  set(
    find("core.upsertMany.batch100"),
    "floor.handWrittenSql.batch100",
    over(find("core.upsertMany.batch100"), floorMany),
    0.8,
  );
  const gqlFloor = find("plain.__typename.floor.http.c32");
  const bare = find("bare.nodeHttp.floor.http.c32");
  set(bare, "", null, 0, { http: true });
  set(gqlFloor, "bare.nodeHttp.floor.http.c32", over(gqlFloor, bare), 0.5, { http: true });
  // yoga alone against the bare floor, and the gateway's GraphQL floor against yoga alone.
  const yogaFloor = find("yoga.nodeHttp.floor.http.c32");
  if (yogaFloor && bare) yogaFloor.reference = { of: bare.name, ratio: over(yogaFloor, bare) };
  if (gqlFloor && yogaFloor)
    gqlFloor.reference = { of: yogaFloor.name, ratio: over(gqlFloor, yogaFloor) };
  for (const r of rows)
    if (r.engine === "postgres" && r.name.endsWith(".http.c32") && !r.name.includes(".floor."))
      set(r, "plain.__typename.floor.http.c32", over(r, gqlFloor), 0.8, { http: true });
  const bulk = find("capillary.upsertBulk100.http");
  set(bulk, "core.upsertMany.batch100", bulk?.ratioToRaw ?? null, 0.8, { http: true });
  const lite = find("core.upsert.c32", "pglite");
  set(lite, "raw.insertOnConflict.c32", lite?.ratioToRaw ?? null, 0.8, { minOps: 1000 });
}

async function main() {
  log("customer-gateway benchmark (2 cores: client, gateway and database share them)");
  if (await pgReachable()) {
    const schema = `bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const u = new URL(PG_URL);
    u.searchParams.set("schema", schema);
    const db = createDb({ url: u.toString(), poolSize: 32 });
    try {
      await migrate(db.sql);
      const { single, upsertMany } = ENGINES.includes("postgres")
        ? await engineRows("postgres", db)
        : { single: SINGLE, upsertMany: Number.NaN };
      await db.sql.query(RAW_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
      await httpRows(db, u.toString(), single, upsertMany);
    } finally {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  } else log(`PostgreSQL not reachable at ${PG_URL}: PGlite rows only`);

  if (ENGINES.includes("pglite")) {
    const lite = createDb({ url: "", dataDir: "memory://" });
    try {
      await migrate(lite.sql);
      await engineRows("pglite", lite);
    } finally {
      await lite.close();
    }
  }

  judge();
  const f = (x: number | null | undefined, d = 2) => (x == null ? "-" : x.toFixed(d));
  const targetText = (t: Target | undefined) => {
    if (!t) return "";
    const parts = [
      t.of ? `${f(t.ratio)}× ${t.of} (≥ ${t.min})` : "",
      t.minOps ? `${t.minOps}/s or more` : "",
      t.tail !== undefined ? `p99/p50 ${f(t.tail, 1)} (≤ 3)` : "",
    ];
    return `${t.meets ? "MET " : "MISS"} ${parts.filter(Boolean).join(", ")}`;
  };
  process.stdout.write(
    `\n${"name".padEnd(36)}${"engine".padEnd(10)}${"ops/s".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"× base".padStart(8)}  ${"baseline".padEnd(31)} target (issue #18)\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.name.padEnd(36)}${r.engine.padEnd(10)}${r.opsPerSec.toFixed(0).padStart(10)}${f(r.p50Ms).padStart(9)}${f(r.p99Ms).padStart(9)}${f(r.ratioToRaw).padStart(8)}  ${(r.baseline ?? "").padEnd(31)} ${[targetText(r.target), r.reference ? `(${f(r.reference.ratio)}× ${r.reference.of}, no target)` : ""].filter(Boolean).join(" ")}\n`,
    );
  const round = (x: number | null | undefined, d: number) =>
    x == null ? null : Number(x.toFixed(d));
  const json = rows.map((r) => ({
    name: r.name,
    engine: r.engine,
    opsPerSec: round(r.opsPerSec, 0),
    p50Ms: round(r.p50Ms, 2),
    p99Ms: round(r.p99Ms, 2),
    ratioToRaw: round(r.ratioToRaw, 3),
    ...(r.target
      ? {
          target: {
            of: r.target.of,
            ratio: round(r.target.ratio, 3),
            min: r.target.min,
            ...(r.target.minOps ? { minOps: r.target.minOps } : {}),
            ...(r.target.tail !== undefined ? { tail: round(r.target.tail, 2), maxTail: 3 } : {}),
            meets: r.target.meets,
          },
        }
      : {}),
    ...(r.reference
      ? { reference: { of: r.reference.of, ratio: round(r.reference.ratio, 3) } }
      : {}),
  }));
  const judged = rows.filter((r) => r.target);
  process.stdout.write(
    `${JSON.stringify({ bench: "core", targetsMet: `${judged.filter((r) => r.target!.meets).length}/${judged.length}`, results: json })}\n`,
  );
}

await main();
