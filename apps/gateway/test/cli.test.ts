import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { spawnGateway } from "./spawn-gateway.ts";

const gatewayDir = path.resolve(import.meta.dirname, "..");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The CLI as `npm run cg --` runs it (tsx over src/cli.ts), on one data directory. */
function cg(dataDir: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: gatewayDir,
      env: { ...process.env, CG_DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function shopifyCustomersCount(port: number, token: string) {
  const r = await fetch(`http://127.0.0.1:${port}/shopify/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "x-shopify-access-token": token, "content-type": "application/json" },
    body: JSON.stringify({ query: "{ customersCount { count } }" }),
  });
  return { status: r.status, body: (await r.json()) as { data?: unknown } };
}

// One command, both states: the CLI bootstraps a fresh embedded database itself, then works
// beside a gateway that holds it (through that gateway's admin API), then alone again.
it("cg credentials create: on a fresh PGlite database, beside a running gateway, and after it stops", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cg-cli-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

  const first = await cg(
    dataDir,
    "credentials",
    "create",
    "--tenant",
    "default",
    "--dialect",
    "plain",
  );
  expect(first.stderr).toContain('First run: created tenant "default"');
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ tenantSlug: "default", dialect: "plain" });
  expect(existsSync(path.join(dataDir, "credentials.json"))).toBe(true);

  const gw = await spawnGateway({ CG_DATA_DIR: dataDir });
  cleanups.push(() => gw.stop());
  // The gateway found the database bootstrapped: no second first-run credential.
  expect(gw.output()).not.toContain("First start");

  const beside = await cg(
    dataDir,
    "credentials",
    "create",
    "--tenant",
    "default",
    "--dialect",
    "shopify",
  );
  expect(beside.code, beside.stderr).toBe(0);
  const cred = JSON.parse(beside.stdout) as { secret: string; dialect: string };
  expect(cred.dialect).toBe("shopify");
  expect(await shopifyCustomersCount(gw.port, cred.secret)).toMatchObject({
    status: 200,
    body: { data: { customersCount: { count: 0 } } },
  });
  // stores create / list go through the gateway's admin API too, and the gateway serves the code.
  const store = await cg(
    dataDir,
    "stores",
    "create",
    "--tenant",
    "default",
    "--code",
    "default_fr",
    "--version",
    "2.4.7",
  );
  expect(store.code, store.stderr).toBe(0);
  expect(JSON.parse(store.stdout)).toMatchObject({ code: "default_fr", version: "2.4.7" });
  const stores = await cg(dataDir, "stores", "list", "--tenant", "default");
  expect(stores.code, stores.stderr).toBe(0);
  expect((JSON.parse(stores.stdout) as { code: string }[]).map((x) => x.code).sort()).toEqual([
    "default",
    "default_fr",
  ]);
  const served = await fetch(`http://127.0.0.1:${gw.port}/magento/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", store: "default_fr" },
    body: JSON.stringify({ query: "{ customer { email } }" }),
  });
  // 2.4.7: a guest's customer query is refused in the resolver, HTTP 200 (not an unknown store).
  expect(served.status).toBe(200);
  expect(await served.json()).toMatchObject({
    errors: [{ message: "The current customer isn't authorized." }],
  });
  // Errors come back in the CLI's own form, with the fields, whichever path carried them.
  const dup = await cg(dataDir, "tenants", "create", "default");
  expect(dup.code).toBe(1);
  expect(dup.stderr).toContain("error: Tenant default already exists");
  expect(dup.stderr).toContain("slug: slug has already been taken (TAKEN)");

  expect(await gw.stop()).toBe(0);
  const after = await cg(dataDir, "credentials", "list", "--tenant", "default");
  expect(after.code, after.stderr).toBe(0);
  expect((JSON.parse(after.stdout) as { dialect: string }[]).map((c) => c.dialect).sort()).toEqual([
    "internal",
    "plain",
    "shopify",
  ]);
  // Six CLI processes, two PGlite opens and a gateway: minutes on a loaded 2-core machine.
}, 300_000);
