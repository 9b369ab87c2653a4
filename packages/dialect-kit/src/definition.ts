import type {
  CallContext,
  Core,
  CredentialLoginHook,
  Customer,
  Logger,
  Principal,
  RecordFormat,
} from "@cg/core";

/** What the composition root (gateway or a standalone main) hands every dialect. */
export interface DialectDeps {
  core: Core;
  log: Logger;
  /** Introspection, GraphiQL, docs pages and verbose errors: on in development only. */
  development: boolean;
  /** Milliseconds since the epoch; tests pass a manual clock. Default Date.now. */
  clock?: () => number;
}

/**
 * Every way the pipeline itself can refuse a request, before or around the dialect's own code.
 * Each dialect answers each of them in its vendor's shape (DialectDefinition.refuse).
 */
export const RefusalKind = {
  /** No route of the dialect matches the path. */
  NOT_FOUND: "NOT_FOUND",
  /** A route matches the path but not the method. */
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  /** No credential, an unknown or revoked one, or one of another dialect. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The credential lacks a scope the route needs. */
  FORBIDDEN: "FORBIDDEN",
  /** The body is larger than the dialect's cap. */
  TOO_LARGE: "TOO_LARGE",
  /**
   * The header section is larger than the server's cap (CG_MAX_HEADER_BYTES): answered by the
   * HTTP server before any handler, routed to the dialect by the request line's path (431).
   */
  HEADERS_TOO_LARGE: "HEADERS_TOO_LARGE",
  /** A content type the route does not read. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** A preflight check (cost, rate limit) said no. */
  RATE_LIMITED: "RATE_LIMITED",
  /** Anything unexpected: logged by the kit, masked to the client. */
  INTERNAL: "INTERNAL",
} as const;
export type RefusalKind = (typeof RefusalKind)[keyof typeof RefusalKind];

export interface Refusal {
  kind: RefusalKind;
  /** Why, for the vendor-shaped body (never a stack trace or a secret). */
  message?: string;
  /** Extra response headers (e.g. Retry-After, a version header). */
  headers?: Record<string, string>;
}

/** How a route is authenticated: a credential is required, optional, or never read. */
export type RouteAuth = "required" | "optional" | "none";

export interface Route {
  /** For logs and metrics: "graphql", "oauth.token", "customers.lookup"… */
  name: string;
  methods: readonly string[];
  /**
   * Path below the dialect's root ("" standalone, the prefix in the gateway): literal segments and
   * `:param` segments, e.g. "/admin/api/:version/graphql.json", "/v2/customers/:id".
   */
  path: string;
  auth: RouteAuth;
  /** Scopes the credential must all hold (checked after authentication). */
  scopes?: readonly string[];
  /** Content types (prefixes, lower-case) a body may have; absent = any. */
  accepts?: readonly string[];
}

/** One request as the dialect's serve() sees it: routed, authenticated, body read within the cap. */
export interface DialectRequest<R extends Route = Route> {
  req: Request;
  url: URL;
  route: R;
  /** The route's `:param` values, URI-decoded. */
  params: Record<string, string>;
  /** null on `auth: "none"` routes, and on `optional` ones without a credential. */
  principal: Principal | null;
  /** The tenant and actor every core call of this request is made with (null without principal). */
  call: CallContext | null;
  /** The body as text (capped), null for GET/HEAD. */
  body: string | null;
  /** Name the vendor operation for the request log line (e.g. the GraphQL operation). */
  setOperation(name: string): void;
  /** The dialect's own value for this request: what preflight found, for serve (e.g. a cost). */
  state?: unknown;
}

/** A routed request before authentication (DialectServer.checkRoute). */
export interface RoutedRequest<R extends Route = Route> {
  req: Request;
  url: URL;
  route: R;
  params: Record<string, string>;
}

/** What a dialect builds once, at start-up, from its deps. */
export interface DialectServer<R extends Route = Route> {
  /**
   * Optional, runs right after routing and before authentication: a Refusal stops the request
   * (e.g. NOT_FOUND for an API version the dialect does not serve), a Response answers it without
   * a credential (e.g. a development page), undefined lets it go on.
   */
  checkRoute?(r: RoutedRequest<R>): Refusal | Response | PromiseLike<Response> | undefined;
  /**
   * The principal the request's credential belongs to, or null (none, unknown, revoked, expired).
   * The kit refuses a principal of another dialect.
   */
  authenticate(req: Request, route: R): Promise<Principal | null>;
  /** Runs after the body is read and before serve (cost checks, rate limits); a Refusal stops it. */
  preflight?(r: DialectRequest<R>): Promise<Refusal | Response | undefined>;
  serve(r: DialectRequest<R>): Promise<Response>;
  /**
   * Optional: the customer as this dialect's clients get it, through the dialect's own output
   * translators (the JSON a vendor client would read for a full selection of the customer's
   * fields). The admin console shows it beside the canonical record. `viewer` is a principal of
   * this dialect in the customer's tenant holding every scope of the dialect.
   */
  present?(customer: Customer, viewer: Principal): Promise<unknown>;
}

/**
 * The information a dialect adds to a new credential (e.g. OAuth client id, usernames): core's
 * type, since core's credential creation runs it (`core.credentials.create`).
 */
export type { CredentialLoginHook } from "@cg/core";

/** Where the handler being built is mounted (the second argument of setup). */
export interface SetupContext {
  /** "" standalone, the definition's prefix in the gateway. */
  root: string;
}

export interface DialectDefinition<R extends Route = Route> {
  /** The credentials' dialect name: "plain", "shopify", … */
  name: string;
  /** Where the gateway mounts it: "/plain". Standalone it serves at "". */
  prefix: string;
  /** Scopes a credential of this dialect may hold, and those it gets when none are named. */
  scopes: { all: readonly string[]; defaults: readonly string[] };
  /** Largest body read, bytes; larger is refused with TOO_LARGE before it is read whole. */
  bodyLimit: number;
  routes: readonly R[];
  /** The vendor's answer to each pipeline refusal. */
  refuse(refusal: Refusal, req: Request): Response;
  /** Builds the dialect's server once per handler; `at.root` is where it is mounted. */
  setup(deps: DialectDeps, at: SetupContext): DialectServer<R>;
  credentials?: CredentialLoginHook;
  /** Its endpoints for the gateway's development home page (paths below the root). */
  endpoints?(): { label: string; path: string; graphiql?: boolean }[];
  /** Standalone port (the vendor's paths at the root). */
  standalonePort: number;
  /**
   * The vendor's customer export files this dialect reads and writes (`cg import` / `cg export`,
   * tRPC `customers.import` / `customers.export`); the gateway offers every definition's formats.
   */
  formats?: readonly RecordFormat[];
}

/** Identity function that checks a dialect's definition against the kit's types. */
export function defineDialect<R extends Route>(d: DialectDefinition<R>): DialectDefinition<R> {
  return d;
}
