/** A dialect as the home page lists it: its endpoints, paths as mounted. */
export interface HomeEntry {
  dialect: string;
  prefix: string;
  endpoints(): { label: string; path: string; graphiql?: boolean }[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The development home page at `/`: every dialect endpoint (with GraphiQL where it has one) and
 * the gateway's own endpoints. Only what exists is linked.
 */
export function homePage(mounts: readonly HomeEntry[]): string {
  const item = (href: string, label: string, note: string) =>
    `<li><a href="${esc(href)}">${esc(label)}</a> <code>${esc(href)}</code> ${esc(note)}</li>`;
  const dialects = mounts.flatMap((m) =>
    m
      .endpoints()
      .map((e) =>
        item(e.path, e.label, e.graphiql ? "— GraphiQL (open in a browser), POST for clients" : ""),
      ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer Gateway (development)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}code{color:#555}</style>
</head><body>
<h1>Customer Gateway</h1>
<p>Development mode (<code>NODE_ENV=development</code>): GraphiQL and introspection are on.
GraphiQL pages need no credential; the queries they send do: put a secret of that dialect into the
headers editor (<code>npm run cg -- credentials create --tenant default --dialect &lt;dialect&gt;</code>).</p>
<h2>Dialects</h2>
<ul>
${dialects.join("\n")}
</ul>
<h2>Gateway</h2>
<ul>
${[
  item(
    "/trpc/health",
    "Internal API (tRPC)",
    "— /trpc/<procedure>, Authorization: Bearer <internal secret>",
  ),
  item("/admin", "Admin console", "— sign in with an internal credential's secret"),
  item("/metrics", "Prometheus metrics", ""),
  item("/readyz", "Readiness", "— database reachable and migrated"),
  item("/healthz", "Liveness", ""),
].join("\n")}
</ul>
</body></html>
`;
}
