import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { createDialectYoga } from "../src/index.ts";

const schema = createSchema({ typeDefs: `type Query { ok: Boolean! }` });
const page = (development: boolean) =>
  createDialectYoga({
    schema,
    graphqlEndpoint: "/api/:version/graphql",
    context: () => ({}),
    development,
    graphiql: { title: "Vendor API", headers: { "X-Vendor-Token": "<secret>" } },
  }).fetch(new Request("http://x/api/2026-10/graphql", { headers: { accept: "text/html" } }));

// The browser side is apps/gateway/test/graphiql.test.ts (Chromium); this is what the page says.
describe("GraphiQL page", () => {
  it("in development: from the installed package, no CDN, the dialect's header, the opened path", async () => {
    const r = await page(true);
    expect(r.headers.get("content-type")).toContain("text/html");
    const html = await r.text();
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|esm\.sh/);
    expect(html).toContain("<title>Vendor API</title>");
    expect(html).toContain(
      JSON.stringify(JSON.stringify({ "X-Vendor-Token": "<secret>" }, null, 2)),
    );
    expect(html).toContain('"endpoint":"/api/2026-10/graphql"');
  });

  it("not served outside development", async () => {
    expect((await page(false)).headers.get("content-type") ?? "").not.toContain("text/html");
  });
});
