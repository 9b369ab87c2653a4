// Production bundle: the workspace's TypeScript (core, db, api, dialects, the generated Prisma
// client) is compiled into dist/main.mjs and dist/cli.mjs. npm dependencies stay external,
// imported by the absolute path esbuild resolves from the importing package (pnpm keeps each
// package's dependencies private), so dist runs against this checkout's node_modules. The SQL
// migrations are copied beside the bundle.
import { cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
rmSync(here("../dist"), { recursive: true, force: true });

const externalNpm = {
  name: "external-npm",
  setup(b) {
    // Bare imports other than our own @cg/* packages stay external.
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@cg/") || args.path.startsWith("node:") || args.pluginData?.inner)
        return undefined;
      const r = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: { inner: true },
      });
      if (r.errors.length || !r.path) return { path: args.path, external: true };
      return { path: r.path, external: true };
    });
  },
};

await build({
  entryPoints: {
    main: here("../src/main.ts"),
    cli: here("../src/cli.ts"),
    // createDb runs it (beside the bundle) in a child process to create a PGlite cluster.
    "pglite-initdb": here("../../../packages/db/src/pglite-initdb.mjs"),
  },
  outdir: here("../dist"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  plugins: [externalNpm],
  banner: {
    js: 'import { fileURLToPath as __cgPath } from "node:url"; process.env.CG_MIGRATIONS_DIR ??= __cgPath(new URL("./migrations", import.meta.url));',
  },
  logLevel: "info",
});
cpSync(here("../../../packages/db/prisma/migrations"), here("../dist/migrations"), {
  recursive: true,
});
