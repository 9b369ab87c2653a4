import { readFile } from "node:fs/promises";
import path from "node:path";
// The package's own locator, imported (not resolved from a string) so that the gateway's bundle
// keeps pointing at the installed package. It ships no types (and a module declaration cannot be
// ambient under the repo's moduleDetection: force).
// @ts-expect-error -- untyped CommonJS: `module.exports = () => string`
import swaggerUiPath from "swagger-ui-dist/absolute-path.js";

/**
 * The docs page: Swagger UI from the installed swagger-ui-dist package (no CDN), reading the
 * dialect's own /openapi.json. Only these files are served.
 */
// Located on first use: the directory the gateway's self-contained bundle copies the files to
// (CG_SWAGGER_UI_DIR, set by its banner: apps/gateway/scripts/build.mjs), else the installed
// package's own. Failure-safe: without either the page's files answer 404 (the API does not care).
let dist: string | null | undefined;
function distDir(): string | null {
  if (dist === undefined) {
    const bundled = process.env.CG_SWAGGER_UI_DIR;
    if (bundled) dist = bundled;
    else
      try {
        dist = (swaggerUiPath as () => string)();
      } catch {
        dist = null;
      }
  }
  return dist;
}
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css;charset=UTF-8",
  "swagger-ui-bundle.js": "text/javascript;charset=UTF-8",
  "swagger-ui-standalone-preset.js": "text/javascript;charset=UTF-8",
};

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page, for a dialect mounted at `base` ("" standalone, "/capillary" in the gateway). */
export function docsPage(base: string): string {
  const b = html(base);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Capillary v2 customer API</title>
<link rel="stylesheet" href="${b}/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-url="${b}/openapi.json"></div>
<script src="${b}/docs/swagger-ui-bundle.js"></script>
<script src="${b}/docs/swagger-ui-standalone-preset.js"></script>
<script src="${b}/docs/init.js"></script>
</body>
</html>
`;
}

const INIT = `window.onload = function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: el.getAttribute("data-url"),
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
};
`;

const cache = new Map<string, Buffer>();

/** One of the page's files, or null. */
export async function docsAsset(file: string): Promise<Response | null> {
  if (file === "init.js")
    return new Response(INIT, { headers: { "content-type": "text/javascript;charset=UTF-8" } });
  const type = ASSETS[file];
  if (!type) return null;
  let body = cache.get(file);
  if (!body) {
    const dir = distDir();
    if (!dir) return null;
    try {
      body = await readFile(path.join(dir, file));
    } catch {
      return null;
    }
    cache.set(file, body);
  }
  return new Response(new Uint8Array(body), {
    headers: { "content-type": type, "cache-control": "public, max-age=86400" },
  });
}
