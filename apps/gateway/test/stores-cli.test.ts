import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.ts";

// `npm run cg -- stores …` on the database itself (cli.test.ts runs it beside a gateway).
describe.each(testEngines())("cg stores create / list on %s", (engine) => {
  let dir: string;
  let t: TestDb | null = null;
  let database: { url: string; dataDir: string };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "cg-cli-stores-"));
    if (engine === "postgres") {
      t = await createTestDb("postgres");
      database = { url: t.url!, dataDir: "" };
    } else database = { url: "", dataDir: path.join(dir, "pglite") };
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(argv, {
      database,
      io: { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) },
    });
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  };

  it("creates store codes for a tenant (version default 2.4.9), lists them, refuses bad input", async () => {
    expect((await run("tenants", "create", "acme")).code).toBe(0);
    expect((await run("tenants", "create", "globex")).code).toBe(0);
    const en = await run("stores", "create", "--tenant", "acme", "--code", "acme_en");
    expect(en.code, en.stderr).toBe(0);
    expect(JSON.parse(en.stdout)).toMatchObject({ code: "acme_en", version: "2.4.9", config: {} });
    const fr = await run(
      "stores",
      "create",
      "--tenant",
      "acme",
      "--code",
      "acme_fr",
      "--version",
      "2.4.7",
    );
    expect(fr.code, fr.stderr).toBe(0);
    expect(JSON.parse(fr.stdout)).toMatchObject({ code: "acme_fr", version: "2.4.7" });
    expect((await run("stores", "create", "--tenant", "globex", "--code", "globex_de")).code).toBe(
      0,
    );

    const mine = await run("stores", "list", "--tenant", "acme");
    expect(mine.code, mine.stderr).toBe(0);
    const listed = JSON.parse(mine.stdout) as { code: string; version: string }[];
    expect(listed.map((s) => [s.code, s.version]).sort()).toEqual([
      ["acme_en", "2.4.9"],
      ["acme_fr", "2.4.7"],
    ]);
    const all = JSON.parse((await run("stores", "list")).stdout) as { code: string }[];
    expect(all.map((s) => s.code).sort()).toEqual(["acme_en", "acme_fr", "globex_de"]);

    // A code is one store across tenants; the errors carry their fields.
    const taken = await run("stores", "create", "--tenant", "globex", "--code", "acme_en");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("error: Store code acme_en is taken");
    expect(taken.stderr).toContain("code: code has already been taken (TAKEN)");
    const version = await run(
      "stores",
      "create",
      "--tenant",
      "acme",
      "--code",
      "acme_it",
      "--version",
      "2.3.0",
    );
    expect(version.code).toBe(1);
    expect(version.stderr).toContain("version: version must be one of 2.4.7, 2.4.8, 2.4.9");
    const badCode = await run("stores", "create", "--tenant", "acme", "--code", "Acme-IT");
    expect(badCode.code).toBe(1);
    expect(badCode.stderr).toContain("code: code may contain only lower-case letters");
    const noTenant = await run("stores", "create", "--tenant", "nobody", "--code", "x_en");
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain("tenant: tenant not found (NOT_FOUND)");
    const missing = await run("stores", "create", "--tenant", "acme");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("stores create needs --tenant and --code");
    // Each command opens and migrates the database, as `npm run cg` does: slow on embedded PGlite.
  }, 300_000);
});
