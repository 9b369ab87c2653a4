import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

// The README's test command must pass on a machine with no PostgreSQL. Running the whole suite
// again would be too dear, so this runs vitest, as the README's command does, on the file that
// needs a server only (two-processes), with TEST_DATABASE_URL unset: it must pass, report the
// suite as skipped, and say so in the one line of vitest.setup.ts.
it("with TEST_DATABASE_URL unset the PostgreSQL-only suite is skipped, not failed", () => {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  env.NO_COLOR = "1";
  delete env.FORCE_COLOR;
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/vitest/vitest.mjs"),
      "run",
      "--project",
      "apps/gateway",
      "test/two-processes.test.ts",
    ],
    { cwd: root, env, encoding: "utf8" },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  expect(out).toContain("PostgreSQL tests skipped (TEST_DATABASE_URL unset)");
  expect(out).toMatch(/Test Files\s+1 skipped/);
  expect(r.status, out).toBe(0);
});
