import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCore } from "@cg/core";
import { migrate, readMigrations } from "@cg/db";
import { createTestDb, testEngines } from "@cg/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGatewayApp,
  createMetrics,
  type RunningGateway,
  startGateway,
} from "../src/index.ts";
import { spawnGateway } from "./spawn-gateway.ts";

const quietLog = pino({ level: "silent" });

describe("gateway process (embedded PGlite, fresh data dir)", () => {
  let gw: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "cg-gw-"));
    gw = await startGateway(
      { port: 0, host: "127.0.0.1", databaseUrl: undefined, dataDir: dir, development: false },
      quietLog,
      { quiet: true },
    );
  });
  afterAll(async () => {
    await gw.stop();
  });

  it("bootstraps a default tenant and an internal credential into credentials.json (0600)", async () => {
    const file = path.join(dir, "credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { tenant, credential } = JSON.parse(readFileSync(file, "utf8")) as {
      tenant: string;
      credential: { secret: string; dialect: string };
    };
    expect(tenant).toBe("default");
    expect(credential.dialect).toBe("internal");
    const r = await fetch(`${gw.url}/trpc/customers.upsert`, {
      method: "POST",
      headers: { authorization: `Bearer ${credential.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        lookup: [{ kind: "EMAIL", value: "gw@x.io" }],
        onCreate: { identifiers: [{ kind: "EMAIL", value: "gw@x.io" }] },
      }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { result: { data: { result: string } } }).result.data.result).toBe(
      "CREATED",
    );
  });

  it("serves healthz, readyz, metrics with request counts, latency and upsert results", async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, engine: "pglite" });
    const m = await (await fetch(`${gw.url}/metrics`)).text();
    expect(m).toMatch(
      /cg_http_requests_total\{route="trpc",dialect="internal",method="POST",status="200"\} \d+/,
    );
    expect(m).toMatch(
      /cg_http_request_duration_seconds_bucket\{le="0.005",route="trpc",dialect="internal"\}/,
    );
    expect(m).toMatch(/cg_upsert_results_total\{dialect="internal",result="CREATED"\} 1/);
  });

  it("echoes or assigns a request id; unknown paths 404; oversize bodies 413; no credential 401", async () => {
    const r = await fetch(`${gw.url}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(r.headers.get("x-request-id")).toBe("abc-123");
    expect((await fetch(`${gw.url}/healthz`)).headers.get("x-request-id")).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect((await fetch(`${gw.url}/nope`)).status).toBe(404);
    const big = await fetch(`${gw.url}/trpc/customers.upsert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect((await fetch(`${gw.url}/trpc/customers.list?input=%7B%7D`)).status).toBe(401);
  });

  it("finishes an in-flight request on stop, then refuses new connections", async () => {
    const { credential } = JSON.parse(readFileSync(path.join(dir, "credentials.json"), "utf8")) as {
      credential: { secret: string };
    };
    const body = JSON.stringify({
      lookup: [{ kind: "EMAIL", value: "late@x.io" }],
      onCreate: { identifiers: [{ kind: "EMAIL", value: "late@x.io" }] },
    });
    const sock = connect(gw.port, "127.0.0.1");
    await new Promise((ok) => sock.once("connect", ok));
    let response = "";
    sock.on("data", (d) => (response += d.toString()));
    const ended = new Promise((ok) => sock.once("close", ok));
    // Headers and half the body now; the rest after stop() began.
    sock.write(
      `POST /trpc/customers.upsert HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${credential.secret}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((ok) => setTimeout(ok, 50));
    const stopping = gw.stop();
    sock.write(body.slice(10));
    await ended;
    await stopping;
    expect(response).toMatch(/^HTTP\/1.1 200/);
    expect(response).toContain('"result":"CREATED"');
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  });
});

describe.each(testEngines())("readiness on %s", (engine) => {
  it("readyz is 503 with the pending migrations until the database is migrated", async () => {
    const t = await createTestDb(engine, { migrate: false });
    try {
      const core = createCore(t.db);
      const app = createGatewayApp({
        db: t.db,
        core,
        log: quietLog,
        metrics: createMetrics(),
        dialects: [],
      });
      const before = await app.request("/readyz");
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({
        ok: false,
        // Every migration the package ships, in order (a fresh database has none applied).
        pendingMigrations: readMigrations().map((m) => m.name),
      });
      await migrate(t.db.sql);
      expect((await app.request("/readyz")).status).toBe(200);
    } finally {
      await t.dispose();
    }
  });
});

describe("gateway as a process", () => {
  it("starts with `tsx src/main.ts`, logs JSON without secrets, exits 0 on SIGTERM", async () => {
    const gw = await spawnGateway();
    const { credential } = JSON.parse(
      readFileSync(path.join(gw.dataDir, "credentials.json"), "utf8"),
    ) as { credential: { secret: string } };
    await fetch(`http://127.0.0.1:${gw.port}/trpc/customers.list?input=%7B%7D`, {
      headers: { authorization: `Bearer ${credential.secret}` },
    });
    await fetch(`http://127.0.0.1:${gw.port}/trpc/customers.upsert`, {
      method: "POST",
      headers: { authorization: `Bearer ${credential.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        lookup: [{ kind: "EMAIL", value: "log@x.io" }],
        onCreate: { identifiers: [{ kind: "EMAIL", value: "log@x.io" }] },
      }),
    });
    await fetch(`http://127.0.0.1:${gw.port}/trpc/customers.list`, {
      headers: { authorization: "Bearer wrong" },
    });
    await fetch(`http://127.0.0.1:${gw.port}/readyz`);
    expect(await gw.stop()).toBe(0);
    const out = gw.output();
    const logLines = out.split("\n").filter((l) => l.startsWith("{"));
    expect(logLines.length).toBeGreaterThan(2);
    for (const l of logLines) expect(() => JSON.parse(l)).not.toThrow();
    expect(logLines.join("\n")).not.toContain(credential.secret);
    expect(out).toContain('"msg":"stopped"');
    // One line per request: the route pattern, tenant, operation and a write's outcome; the
    // probe at debug (not shown at info); never the email that was written.
    const requests = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "request");
    expect(requests).toMatchObject([
      { route: "/trpc/*", status: 200, tenant: "default", operation: "customers.list" },
      { route: "/trpc/*", status: 200, operation: "customers.upsert", outcome: "CREATED" },
      { route: "/trpc/*", status: 401, operation: "customers.list", error: "UNAUTHENTICATED" },
    ]);
    expect(out).not.toContain("log@x.io");
    expect(out).not.toContain("/readyz");
  });
});

describe("production bundle", () => {
  it("builds a self-contained dist/ that runs from any directory with nothing installed", async () => {
    const cwd = path.resolve(import.meta.dirname, "..");
    const run = (args: string[], env: Record<string, string> = {}, dir = cwd) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, args, {
          cwd: dir,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        c.stdout.on("data", (d) => (out += d.toString()));
        c.stderr.on("data", (d) => (out += d.toString()));
        c.once("exit", (code) => resolve({ code, out }));
      });
    const b = await run(["scripts/build.mjs"]);
    expect(b.code, b.out).toBe(0);
    // A copy outside the repository: no node_modules anywhere above it, no workspace.
    const copy = mkdtempSync(path.join(tmpdir(), "cg-dist-"));
    cpSync(path.join(cwd, "dist"), copy, { recursive: true });
    const env = { CG_DATA_DIR: "", DATABASE_URL: "", NODE_ENV: "production" };
    delete process.env.CG_MIGRATIONS_DIR;
    delete process.env.CG_SWAGGER_UI_DIR;
    const help = await run(["main.mjs", "--help"], env, copy);
    expect(help.code).toBe(0);
    expect(help.out).toContain("DATABASE_URL");

    const cli = await run(["cli.mjs", "migrate"], env, copy);
    expect(cli.out).toContain("applied: 20261123000000_init");
    expect(cli.code, cli.out).toBe(0);

    const child = spawn(process.execPath, ["main.mjs"], {
      cwd: copy,
      env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let out = "";
    child.stderr.on("data", (d) => (out += d.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          out += d.toString();
          const m = /"port":(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        void exited.then(() => reject(new Error(`dist/main.mjs exited:\n${out}`)));
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true, engine: "pglite" });
      // Capillary's docs page and every file it loads come from the bundle (no node_modules here).
      const docs = await fetch(`http://127.0.0.1:${port}/capillary/docs`);
      expect(docs.status).toBe(200);
      const files = [...(await docs.text()).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(files).toHaveLength(4);
      for (const f of files) {
        const asset = await fetch(`http://127.0.0.1:${port}${f}`);
        expect(asset.status, f).toBe(200);
        expect((await asset.arrayBuffer()).byteLength, f).toBeGreaterThan(100);
      }
      // Its default data directory is ./.data where it runs (the CLI's first run made it).
      expect(statSync(path.join(copy, ".data", "credentials.json")).isFile()).toBe(true);
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      rmSync(copy, { recursive: true, force: true });
    }
    // A build, then three processes from the copy: slow on a loaded machine, not timed.
  }, 300_000);
});
