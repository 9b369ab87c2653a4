import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "vitest/config";

// One root vitest: every package and app with a test/ folder is a project; one command, one report.
// Paths are relative to this file, so `vitest run --config ../../vitest.config.ts --project x`
// from a package (its `test` script, run by turbo) finds the same projects.
const root = import.meta.dirname;
// One `graphql` for everything: Node loads graphql 16's CommonJS build for the packages it runs
// itself (yoga, Pothos, envelop: graphql has no `exports` map, so `main` wins), while vite would
// hand our own sources the ESM build (`module`). Two instances break instanceof and the schema
// checks; every import of "graphql" in our sources resolves to the same CommonJS file instead.
const graphql = createRequire(path.join(root, "packages/graphql-kit/package.json")).resolve(
  "graphql",
);
const projects = ["packages", "apps"].flatMap((dir) =>
  readdirSync(path.join(root, dir))
    .filter((name) => existsSync(path.join(root, dir, name, "test")))
    .map((name) => ({
      resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
      test: {
        name: `${dir}/${name}`,
        root: path.join(root, dir, name),
        include: ["test/**/*.test.ts"],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    })),
);

export default defineConfig({
  test: { projects, globalSetup: [path.join(root, "vitest.setup.ts")] },
});
