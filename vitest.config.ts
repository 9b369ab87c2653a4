import { readdirSync, existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// One root vitest: every package and app with a test/ folder is a project; one command, one report.
const projects = ["packages", "apps"].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/test`))
    .map((name) => ({
      test: {
        name: `${dir}/${name}`,
        root: `${dir}/${name}`,
        include: ["test/**/*.test.ts"],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    })),
);

export default defineConfig({ test: { projects, globalSetup: ["./vitest.setup.ts"] } });
