import type { GraphiQLOptions, YogaServerOptions } from "graphql-yoga";

/** What a dialect's GraphiQL page (development only) starts with. */
export interface DialectGraphiQL {
  /** The page's title, e.g. "Shopify Admin API". */
  title?: string;
  /**
   * The headers editor's initial content: the dialect's auth header with a placeholder for the
   * secret, since a browser has no other way to send it.
   */
  headers?: Record<string, string>;
  /** The query editor's initial content. */
  defaultQuery?: string;
}

/** GraphiQL's page is a GET asking for HTML; it needs no credential (the queries it sends do). */
export const isGraphiQLRequest = (req: Request): boolean =>
  req.method === "GET" && (req.headers.get("accept") ?? "").includes("text/html");

/**
 * Yoga's GraphiQL options for a dialect: served from the installed @graphql-yoga/render-graphiql
 * (GraphiQL and its editor workers inlined, ~9 MB, loaded on first use only), never from a CDN;
 * the page posts to the path it was opened at (a Shopify endpoint has the version in its path).
 */
export function dialectGraphiQL(
  page: DialectGraphiQL = {},
): Pick<YogaServerOptions<Record<string, unknown>, object>, "graphiql" | "renderGraphiQL"> {
  return {
    graphiql: (request: Request): GraphiQLOptions => ({
      endpoint: new URL(request.url).pathname,
      ...(page.title ? { title: page.title } : {}),
      ...(page.headers ? { headers: JSON.stringify(page.headers, null, 2) } : {}),
      ...(page.defaultQuery ? { defaultQuery: page.defaultQuery } : {}),
      // The secret typed into the headers editor stays out of the browser's storage.
      shouldPersistHeaders: false,
    }),
    renderGraphiQL: async (options) =>
      (await import("@graphql-yoga/render-graphiql"))
        .renderGraphiQL(options)
        .replace("<head>", `<head><script>${STORAGE_PER_ENDPOINT}</script>`),
  };
}

/**
 * GraphiQL keeps its tabs in localStorage, which every dialect on the gateway's origin shares: a
 * Plain query would open in Shopify's GraphiQL. Each page's storage is namespaced by its path.
 */
const STORAGE_PER_ENDPOINT = `(() => {
  const ns = "graphiql@" + location.pathname + ":";
  const s = window.localStorage;
  const own = () => Object.keys(s).filter((k) => k.startsWith(ns));
  const shim = {
    getItem: (k) => s.getItem(ns + k),
    setItem: (k, v) => s.setItem(ns + k, v),
    removeItem: (k) => s.removeItem(ns + k),
    clear: () => own().forEach((k) => s.removeItem(k)),
    key: (i) => (own()[i] ?? null) && own()[i].slice(ns.length),
    get length() { return own().length; },
  };
  Object.defineProperty(window, "localStorage", { get: () => shim, configurable: true });
})();`;
