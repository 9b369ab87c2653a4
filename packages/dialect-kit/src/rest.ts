import type { DialectRequest, Route } from "./definition.ts";

/**
 * Helpers for REST dialects (vendor-neutral): the body as JSON with the dialect's own error for
 * bad JSON, a route table from route names to handlers, query strings read the way vendors'
 * clients write them (parameter names in any case, repeated or comma-separated lists, booleans
 * as true/false in any case), and HTTP Basic credentials.
 */

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses a request body as JSON; an empty or malformed body is a message, never a throw. */
export function parseJsonBody(body: string | null): JsonBody {
  if (body === null || body.trim() === "") return { ok: false, message: "Request body is empty" };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    return { ok: false, message: `Malformed JSON: ${(err as Error).message}` };
  }
}

/** A JSON response (`application/json;charset=UTF-8`, as REST vendors answer). */
export const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json;charset=UTF-8", ...headers },
  });

/** Route name → handler; `routeTable(t)` serves a request by its route's name. */
export type RouteHandlers<R extends Route> = Record<
  R["name"],
  (r: DialectRequest<R>) => Promise<Response>
>;

export function routeTable<R extends Route>(
  handlers: RouteHandlers<R>,
): (r: DialectRequest<R>) => Promise<Response> {
  return (r) => handlers[r.route.name as R["name"]](r);
}

/**
 * Query parameters by name in any case (`identifierName`, `IdentifierName`, `identifiername`):
 * integration code spells them as its authors remembered them.
 */
export class QueryParams {
  readonly #byName = new Map<string, string[]>();
  constructor(search: URLSearchParams) {
    for (const [k, v] of search) {
      const key = k.toLowerCase();
      const list = this.#byName.get(key);
      if (list) list.push(v);
      else this.#byName.set(key, [v]);
    }
  }
  static of(url: URL): QueryParams {
    return new QueryParams(url.searchParams);
  }
  /** The first value of the parameter, or undefined. */
  get(name: string): string | undefined {
    return this.#byName.get(name.toLowerCase())?.[0];
  }
  has(name: string): boolean {
    return this.#byName.has(name.toLowerCase());
  }
  /** Every value, repeated parameters and comma-separated lists alike, trimmed, empty ones dropped. */
  list(name: string): string[] {
    return (this.#byName.get(name.toLowerCase()) ?? [])
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter((v) => v !== "");
  }
  /** `true`/`false` in any case; absent → fallback; anything else → null (the caller's error). */
  bool(name: string, fallback: boolean): boolean | null {
    const v = this.get(name);
    if (v === undefined || v === "") return fallback;
    const l = v.trim().toLowerCase();
    return l === "true" ? true : l === "false" ? false : null;
  }
}

/**
 * `Authorization: Basic base64(user:password)`, split at the first colon; null when absent or
 * not Basic. The scheme name is case-insensitive (RFC 7617).
 */
export function basicCredentials(req: Request): { user: string; password: string } | null {
  const h = req.headers.get("authorization");
  const m = h ? /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(h) : null;
  if (!m) return null;
  const text = Buffer.from(m[1]!, "base64").toString("utf8");
  const at = text.indexOf(":");
  if (at <= 0) return null;
  return { user: text.slice(0, at), password: text.slice(at + 1) };
}
