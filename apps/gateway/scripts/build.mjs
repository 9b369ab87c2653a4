// Production bundle, self-contained: everything the gateway and its CLI import, our workspace
// TypeScript and the npm packages alike, is compiled into dist/ (main.mjs, cli.mjs and shared
// chunks; GraphiQL, ~9 MB and needed in development only, is a chunk of its own loaded on first
// use). Beside them: the files PGlite reads at run time (its wasm and data, found next to the
// module that loads them), the SQL migrations, and the Swagger UI files of Capillary's docs page
// (dist/swagger-ui/, found through CG_SWAGGER_UI_DIR, which the banner sets). dist/ runs from any directory with nothing
// installed: `node dist/main.mjs`.
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const dist = here("../dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  metafile: true,
  entryPoints: {
    main: here("../src/main.ts"),
    cli: here("../src/cli.ts"),
    // createDb runs it (beside the bundle) in a child process to create a PGlite cluster.
    "pglite-initdb": here("../../../packages/db/src/pglite-initdb.mjs"),
  },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // pg's optional native binding, never used (and not installed).
  external: ["pg-native"],
  banner: {
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    js: [
      'import { createRequire as __cgRequire } from "node:module";',
      "const require = __cgRequire(import.meta.url);",
      'import { fileURLToPath as __cgPath } from "node:url";',
      // Every output file carries this banner, shared chunks (dist/chunks/) included.
      'process.env.CG_MIGRATIONS_DIR ??= __cgPath(new URL(import.meta.url.includes("/chunks/") ? "../migrations" : "./migrations", import.meta.url));',
      // Capillary's docs page: the Swagger UI files copied beside the bundle (below).
      'process.env.CG_SWAGGER_UI_DIR ??= __cgPath(new URL(import.meta.url.includes("/chunks/") ? "../swagger-ui" : "./swagger-ui", import.meta.url));',
    ].join(" "),
  },
  logLevel: "warning",
});

// PGlite loads these with new URL("./pglite.wasm", import.meta.url): next to whichever output
// file holds its loader.
const requireFromDb = createRequire(here("../../../packages/db/package.json"));
const pgliteDist = path.dirname(requireFromDb.resolve("@electric-sql/pglite"));
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".mjs"));
const loaders = outputs.filter((f) => readFileSync(f, "utf8").includes('"./pglite.wasm"'));
if (loaders.length === 0) throw new Error("no output file loads pglite.wasm: the layout changed");
for (const file of loaders)
  for (const f of ["pglite.wasm", "pglite.data", "initdb.wasm"])
    cpSync(path.join(pgliteDist, f), path.join(path.dirname(file), f));
cpSync(here("../../../packages/db/prisma/migrations"), path.join(dist, "migrations"), {
  recursive: true,
});
// The files Capillary's docs page serves (apps/capillary/src/docs.ts, SWAGGER_UI_FILES).
const requireFromCapillary = createRequire(here("../../capillary/package.json"));
const swaggerUi = path.dirname(requireFromCapillary.resolve("swagger-ui-dist/package.json"));
mkdirSync(path.join(dist, "swagger-ui"), { recursive: true });
for (const f of ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"])
  cpSync(path.join(swaggerUi, f), path.join(dist, "swagger-ui", f));
