import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import {
  createByteCache,
  createDialectYoga,
  createYogaDocumentCaches,
  DEFAULT_LIMITS,
} from "../src/index.ts";

// Through yoga's createSchema: vitest may load graphql's other build for a direct import.
const schema = createSchema({ typeDefs: "type Query { hello: String }" });

function yogaWith(cacheBytes: number) {
  const caches = createYogaDocumentCaches(cacheBytes);
  const yoga = createDialectYoga({
    schema,
    graphqlEndpoint: "/graphql",
    context: () => ({}),
    development: false,
    documentCaches: caches,
  });
  const ask = (query: string) =>
    yoga.fetch("http://x/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
  return { caches, ask };
}

/** Distinct queries of about `size` characters: a comment, then `{ __typename }`. */
const attack = (i: number, size: number) => `# ${i} ${"x".repeat(size - 30)}\n{ __typename }`;

describe("byte-capped document cache", () => {
  it("evicts the least recently used entries to stay under its byte cap", () => {
    const c = createByteCache<string>({ maxBytes: 10_000, sizeOf: (_t, v) => v.length });
    for (let i = 0; i < 100; i++) c.set(`q${i}`, "v".repeat(1000));
    expect(c.bytes).toBeLessThanOrEqual(10_000);
    expect(c.size).toBeGreaterThan(0);
    expect(c.get("q99")).toBeDefined();
    expect(c.get("q0")).toBeUndefined();
    // A hit makes an entry the most recent: q99 survives the next insertions, q95 does not.
    c.get("q99");
    for (let i = 100; i < 104; i++) c.set(`q${i}`, "v".repeat(1000));
    expect(c.get("q99")).toBeDefined();
    expect(c.get("q95")).toBeUndefined();
    // An entry larger than the whole cap is not kept (it would evict everything).
    c.set("huge", "v".repeat(20_000));
    expect(c.get("huge")).toBeUndefined();
    expect(c.bytes).toBeLessThanOrEqual(10_000);
  });

  it("refuses a query text over the dialect's cap with 413 before parsing or caching it", async () => {
    const { caches, ask } = yogaWith(1024 * 1024);
    const r = await ask(attack(0, 250_000));
    expect(r.status).toBe(413);
    expect(JSON.stringify(await r.json())).toContain("larger than");
    expect(caches.cache.size).toBe(0);
    expect((await ask("{ __typename }")).status).toBe(200);
  });

  it("the issue's attack (1 500 distinct large queries): accounted bytes stay under the cap, heap growth under 50 MB", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const cap = 8 * 1024 * 1024;
    const { caches, ask } = yogaWith(cap);
    const size = DEFAULT_LIMITS.maxQueryBytes - 100;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < 1500; i++) {
      const r = await ask(attack(i, size));
      expect(r.status).toBe(200);
      await r.text();
      peak = Math.max(peak, caches.cache.bytes);
    }
    expect(peak).toBeLessThanOrEqual(cap);
    expect(caches.cache.size).toBeGreaterThan(10);
    // The same text again is a hit: nothing is added.
    const n = caches.cache.size;
    await (await ask(attack(1499, size))).text();
    expect(caches.cache.size).toBe(n);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(50 * 1024 * 1024);
  });
});
