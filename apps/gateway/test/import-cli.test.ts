import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb, testEngines } from "@cg/db/testing";
import { afterEach, expect, it } from "vitest";
import { writeShopifyCsv } from "./import-helpers.ts";
import { spawnGateway } from "./spawn-gateway.ts";

const gatewayDir = path.resolve(import.meta.dirname, "..");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cg -- …` as a user runs it (tsx over src/cli.ts, stderr not a terminal). `until`: kill
 * the process (SIGKILL) as soon as its stderr matches.
 */
function cg(env: Record<string, string>, args: string[], until?: RegExp) {
  return new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: gatewayDir,
      env: { ...process.env, DATABASE_URL: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (until?.test(stderr)) child.kill("SIGKILL");
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
const summary = (r: Run) => JSON.parse(r.stdout) as Record<string, unknown>;

it("cg import / export on the embedded database: progress lines, killed and resumed, exported and imported into another tenant, and beside a running gateway", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cg-import-cli-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env = { CG_DATA_DIR: path.join(dir, "data") };
  const file = path.join(dir, "customers.csv");
  const lines = writeShopifyCsv(file, 1500, "cli", { 3: { Email: "nope" } });

  // Killed after its first batch was written (its progress line), then run again.
  const killed = await cg(
    env,
    ["import", file, "--tenant", "default", "--format", "shopify-csv", "--batch-size", "100"],
    /^import: /m,
  );
  expect(killed.code).toBe(null);
  const resumed = await cg(env, [
    "import",
    file,
    "--tenant",
    "default",
    "--format",
    "shopify-csv",
    "--batch-size",
    "100",
  ]);
  expect(resumed.code, resumed.stderr).toBe(2); // one row rejected
  const s = summary(resumed);
  // Nothing written twice: what the killed run wrote is replayed, the rest created.
  expect(s).toMatchObject({ records: 1500, updated: 0, failed: 1, stopped: false });
  expect(s.replayed as number).toBeGreaterThanOrEqual(99);
  expect(s.noop).toBe(s.replayed);
  expect((s.created as number) + (s.replayed as number)).toBe(1499);
  // Not a terminal: plain progress lines, then the counts.
  expect(resumed.stderr).toMatch(
    /^import: \d+ records, \d+% of the file, \d+ records\/s, ETA (\d+m)?\d+s$/m,
  );
  expect(resumed.stderr).toMatch(
    /done: 1500 records in [\d.]+s: CREATED \d+, UPDATED 0, NOOP \d+ \(\d+ already imported by an earlier run\), failed 1 \(see .*customers\.csv\.rejects\.jsonl\)/,
  );
  const rejected = JSON.parse(readFileSync(`${file}.rejects.jsonl`, "utf8")) as {
    line: number;
    errors: unknown[];
  };
  expect(rejected).toMatchObject({ line: lines[3], errors: [{ path: ["Email"] }] });

  // Exported and imported into another tenant: every customer, once.
  const out = path.join(dir, "export.csv");
  const exported = await cg(env, [
    "export",
    "--tenant",
    "default",
    "--format",
    "shopify-csv",
    "--out",
    out,
  ]);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stderr).toContain(`exported 1499 customers to ${out}`);
  expect((await cg(env, ["tenants", "create", "other"])).code).toBe(0);

  // Beside a gateway holding the database: the same command, batch by batch over its admin API.
  const gw = await spawnGateway(env);
  cleanups.push(() => gw.stop());
  const remote = await cg(env, ["import", out, "--tenant", "other", "--format", "shopify-csv"]);
  expect(remote.code, remote.stderr).toBe(0);
  expect(summary(remote)).toMatchObject({ records: 1499, created: 1499, failed: 0 });
  // Three batches of 500 reached the gateway, each one tRPC request.
  expect(gw.output().match(/"operation":"customers\.import"/g)).toHaveLength(3);
  const jsonl = await cg(env, ["export", "--tenant", "other", "--format", "canonical-jsonl"]);
  expect(jsonl.code, jsonl.stderr).toBe(0);
  expect(jsonl.stdout.trim().split("\n")).toHaveLength(1499);
  expect(JSON.parse(jsonl.stdout.split("\n")[0]!)).toMatchObject({
    lookup: expect.arrayContaining([{ kind: "EMAIL", value: "ann.cli.0@example.com" }]),
  });
  // Mistakes are refused before any work.
  const wrong = await cg(env, ["import", out, "--tenant", "other", "--format", "excel"]);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(
    "import: unknown format excel; one of canonical-jsonl, shopify-csv, capillary-json",
  );
}, 300_000);

it.runIf(testEngines().includes("postgres"))(
  "cg import on PostgreSQL (DATABASE_URL): written, then the same file again all NOOP",
  async () => {
    const t = await createTestDb("postgres");
    cleanups.push(() => t.dispose());
    const dir = mkdtempSync(path.join(tmpdir(), "cg-import-pg-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { CG_DATA_DIR: path.join(dir, "data"), DATABASE_URL: t.url! };
    const file = path.join(dir, "customers.csv");
    writeShopifyCsv(file, 1200, "pg");
    const args = ["import", file, "--tenant", "default", "--format", "shopify-csv"];
    const first = await cg(env, args);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first)).toMatchObject({ records: 1200, created: 1200, failed: 0 });
    const again = await cg(env, args);
    expect(again.code, again.stderr).toBe(0);
    expect(summary(again)).toMatchObject({ created: 0, updated: 0, noop: 1200, replayed: 1200 });
  },
  180_000,
);
