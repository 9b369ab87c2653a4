import type { CallContext, FetchHandler, Principal } from "@cg/core";
import {
  type DialectDefinition,
  type DialectDeps,
  type DialectRequest,
  type DialectServer,
  type Refusal,
  RefusalKind,
  type Route,
} from "./definition.ts";
import { readBodyLimited } from "./read-body.ts";

export interface HandlerOptions {
  /** Mount point: the definition's prefix in the gateway, "" standalone. */
  root: string;
  /** Called once per request with what the request log line needs (no secrets, no bodies). */
  observe?: (info: RequestInfo) => void;
  /** Called once with the server the definition's setup built (the gateway reads `present`). */
  onSetup?: (server: DialectServer<Route>) => void;
}

export interface RequestInfo {
  dialect: string;
  /** The route's name, or "unrouted". */
  route: string;
  operation: string | null;
  tenantId: string | null;
  status: number;
  /** The pipeline refusal that answered, if one did. */
  refusal: RefusalKind | null;
}

interface CompiledRoute<R extends Route> {
  route: R;
  pattern: RegExp;
  names: string[];
}

// A Response may come from another realm (yoga's fetch ponyfill): tell a Refusal by its kind.
const isRefusal = (x: object): x is Refusal => typeof (x as { kind?: unknown }).kind === "string";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compile<R extends Route>(root: string, route: R): CompiledRoute<R> {
  const names: string[] = [];
  const body = route.path
    .split("/")
    .map((seg) => {
      if (!seg.startsWith(":")) return escapeRe(seg);
      names.push(seg.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { route, names, pattern: new RegExp(`^${escapeRe(root)}${body}/?$`) };
}

/**
 * The one pipeline every dialect runs, in one order: route → credential → principal and call
 * context → body read with a byte cap → preflight → serve. Every refusal is answered by the
 * dialect's own `refuse`, and anything thrown is logged and answered as INTERNAL (masked).
 */
const BARE_STATUS: Record<number, RefusalKind> = {
  404: RefusalKind.NOT_FOUND,
  405: RefusalKind.METHOD_NOT_ALLOWED,
  413: RefusalKind.TOO_LARGE,
  415: RefusalKind.UNSUPPORTED_MEDIA_TYPE,
};

export function createDialectHandler<R extends Route>(
  def: DialectDefinition<R>,
  deps: DialectDeps,
  opts: HandlerOptions,
): FetchHandler {
  const root = opts.root.replace(/\/$/, "");
  const routes = def.routes.map((r) => compile(root, r));
  const server = def.setup(deps, { root });
  opts.onSetup?.(server as unknown as DialectServer<Route>);
  const observe = opts.observe;

  return async (req) => {
    const info: RequestInfo = {
      dialect: def.name,
      route: "unrouted",
      operation: null,
      tenantId: null,
      status: 0,
      refusal: null,
    };
    const refuse = (r: Refusal) => {
      info.refusal = r.kind;
      return def.refuse(r, req);
    };
    let res: Response;
    try {
      res = bareRefusal(await run(req, info, refuse), refuse);
    } catch (err) {
      deps.log.error({ err, dialect: def.name, route: info.route }, "unexpected error");
      res = refuse({ kind: RefusalKind.INTERNAL });
    }
    info.status = res.status;
    observe?.(info);
    return res;
  };

  /**
   * A refusal a library answered with no body (yoga's 415 for a content type it has no parser
   * for, its 404 for a path beside its endpoint): the dialect's own refusal instead, so every
   * answer is in the vendor's shape (#16).
   */
  function bareRefusal(res: Response, refuse: (r: Refusal) => Response): Response {
    const kind = res.body === null ? BARE_STATUS[res.status] : undefined;
    if (!kind) return res;
    const allow = res.headers.get("allow");
    return refuse({ kind, ...(allow ? { headers: { allow } } : {}) });
  }

  async function run(
    req: Request,
    info: RequestInfo,
    refuse: (r: Refusal) => Response,
  ): Promise<Response> {
    const url = new URL(req.url);
    let pathMatched = false;
    let hit: { c: CompiledRoute<R>; m: RegExpExecArray } | null = null;
    for (const c of routes) {
      const m = c.pattern.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (c.route.methods.includes(req.method)) {
        hit = { c, m };
        break;
      }
    }
    if (!hit)
      return refuse({ kind: pathMatched ? RefusalKind.METHOD_NOT_ALLOWED : RefusalKind.NOT_FOUND });
    const { route, names } = hit.c;
    info.route = route.name;
    const params: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      try {
        params[name] = decodeURIComponent(hit.m[i + 1]!);
      } catch {
        return refuse({ kind: RefusalKind.NOT_FOUND });
      }
    }

    if (server.checkRoute) {
      const stop = server.checkRoute({ req, url, route, params });
      if (stop) return isRefusal(stop) ? refuse(stop) : stop;
    }

    let principal: Principal | null = null;
    if (route.auth !== "none") {
      principal = await server.authenticate(req, route);
      // A credential of another dialect is as unknown here as a made-up one.
      if (principal && principal.dialect !== def.name) principal = null;
      if (!principal && route.auth === "required")
        return refuse({ kind: RefusalKind.UNAUTHENTICATED });
    }
    if (principal) {
      info.tenantId = principal.tenantId;
      const missing = (route.scopes ?? []).filter((s) => !principal!.scopes.includes(s));
      if (missing.length)
        return refuse({ kind: RefusalKind.FORBIDDEN, message: `Missing scope(s): ${missing}` });
    }
    const call: CallContext | null = principal
      ? {
          tenantId: principal.tenantId,
          actor: { dialect: def.name, credentialId: principal.credentialId },
        }
      : null;

    let body: string | null = null;
    if (req.method !== "GET" && req.method !== "HEAD") {
      const type = (req.headers.get("content-type") ?? "").toLowerCase();
      if (route.accepts && !route.accepts.some((a) => type.startsWith(a)))
        return refuse({ kind: RefusalKind.UNSUPPORTED_MEDIA_TYPE });
      body = await readBodyLimited(req, def.bodyLimit);
      if (body === null)
        return refuse({
          kind: RefusalKind.TOO_LARGE,
          message: `Request body is larger than ${def.bodyLimit} bytes`,
        });
    }

    const r: DialectRequest<R> = {
      req,
      url,
      route,
      params,
      principal,
      call,
      body,
      setOperation: (name) => {
        info.operation = name;
      },
      state: undefined,
    };
    if (server.preflight) {
      const stop = await server.preflight(r);
      if (stop) return isRefusal(stop) ? refuse(stop) : stop;
    }
    return asPlainJson(await server.serve(r));
  }
}

/**
 * A JSON answer made with another Response class (yoga's, from @whatwg-node) re-made as the
 * global Response with its text: Hono's node adapter (whose Response is the global one once it
 * listens) writes that in one call, where for any other it reads the body as a web stream (a
 * Node Readable made for it, and a timer turn when the first reads find nothing): 3–4% of a
 * GraphQL request's gateway CPU in the profile (ARCHITECTURE.md). Anything else (HTML, streams,
 * cookies) is passed as it is.
 */
async function asPlainJson(res: Response): Promise<Response> {
  // (Not `res.body === null`: reading `body` is what makes the stream.)
  if (res.constructor === Response || res.status === 204 || res.status === 304) return res;
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("json") || res.headers.has("set-cookie")) return res;
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return new Response(await res.text(), { status: res.status, headers });
}
