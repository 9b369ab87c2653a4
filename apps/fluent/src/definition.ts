import { type Customer, type Principal, silentLogger } from "@cg/core";
import {
  type DialectRequest,
  defineDialect,
  type Refusal,
  RefusalKind,
  type Route,
} from "@cg/dialect-kit";
import { createDialectYoga, createPresenter, jsonParams } from "@cg/graphql-kit";
import type { GraphQLError } from "graphql";
import { createGraphQLError, type Plugin, type YogaInitialContext } from "graphql-yoga";
import { createFluentContext, FLUENT_SCOPES, type FluentContext } from "./context.ts";
import { type FluentCustomer, toFluentCustomer } from "./customer-view.ts";
import { FLUENT_STATUS, FluentCode, isGraphQLError } from "./errors.ts";
import { fluentLogins } from "./logins.ts";
import { issueToken, TOKEN_KINDS, type TokenLifetimes } from "./oauth.ts";
import { fluentSchema } from "./schema/index.ts";

/** Fluent's request cap (anchors F11): larger is HTTP 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Fluent's query complexity cap (anchors F11): above it, C0001E. */
export const MAX_COMPLEXITY = 11_111;

const ROUTES = [
  { name: "oauth.token", methods: ["POST"], path: "/oauth/token", auth: "none" },
  {
    name: "graphql",
    methods: ["POST"],
    path: "/graphql",
    auth: "required",
    accepts: ["application/json"],
  },
] as const satisfies readonly Route[];

/** The error body of a refusal on /graphql ({errors}), or on /oauth/token (OAuth's shape). */
const REFUSALS: Record<RefusalKind, { status: number; code: string; message: string }> = {
  [RefusalKind.NOT_FOUND]: { status: 404, code: "not_found", message: "Not Found" },
  [RefusalKind.METHOD_NOT_ALLOWED]: {
    status: 405,
    code: "method_not_allowed",
    message: "Method Not Allowed",
  },
  // fc-connect-sdk logs in again on a 401, and only on a 401.
  [RefusalKind.UNAUTHENTICATED]: {
    status: 401,
    code: "invalid_token",
    message: "Invalid or expired access token",
  },
  [RefusalKind.FORBIDDEN]: {
    status: 403,
    code: FluentCode.PERMISSION,
    message: "Access is denied",
  },
  [RefusalKind.TOO_LARGE]: {
    status: 413,
    code: "payload_too_large",
    message: "Request body is larger than 2 MB",
  },
  [RefusalKind.HEADERS_TOO_LARGE]: {
    status: 431,
    code: "request_header_fields_too_large",
    message: "Request header fields too large",
  },
  [RefusalKind.UNSUPPORTED_MEDIA_TYPE]: {
    status: 415,
    code: "unsupported_media_type",
    message: "Content-Type must be application/json",
  },
  [RefusalKind.RATE_LIMITED]: {
    status: 429,
    code: FluentCode.RATE_LIMITED,
    message: "Rate limit exceeded",
  },
  [RefusalKind.INTERNAL]: {
    status: 500,
    code: FluentCode.SERVER,
    message: "Internal server error",
  },
};

function refuse(r: Refusal, _req: Request): Response {
  const row = REFUSALS[r.kind];
  return Response.json(
    { error: row.code, error_description: r.message ?? row.message },
    {
      status: row.status,
      headers: {
        ...(r.headers ?? {}),
        ...(row.status === 401 ? { "www-authenticate": 'Bearer error="invalid_token"' } : {}),
      },
    },
  );
}

/** A copy of `e` with Fluent's code (kept when it has one); the status is FLUENT_STATUS's. */
function recode(e: GraphQLError, code: string | undefined): GraphQLError {
  const { originalError: _hidden, http: _http, ...extensions } = e.extensions;
  return createGraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...extensions, ...(code ? { code } : {}) },
  });
}

/**
 * Fluent's codes on the errors graphql-js, graphql-armor and yoga raise: variables that are
 * missing or do not coerce carry C0140E, the complexity cap C0001E (armor raises it past
 * onValidate), other validation errors graphql's own message.
 */
const fluentErrorsPlugin: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
    const code = (e: GraphQLError) =>
      e.extensions?.code && e.extensions.code !== "BAD_REQUEST"
        ? undefined
        : /cost limit/i.test(e.message)
          ? FluentCode.COMPLEXITY
          : /^Variable "\$/.test(e.message) || e.extensions?.code === "BAD_REQUEST"
            ? FluentCode.MISSING
            : undefined;
    setResult({ ...result, errors: result.errors.map((e) => recode(e, code(e))) });
  },
};

/**
 * Fluent Commerce's customer API (anchors/fluent): `POST /oauth/token` and `POST /graphql`,
 * mounted at the root standalone and under /fluent in the gateway.
 */
export function createFluentDialect(lifetimes: Partial<TokenLifetimes> = {}) {
  const ttl: TokenLifetimes = {
    accessSeconds:
      lifetimes.accessSeconds ?? Number(process.env.FLUENT_ACCESS_TOKEN_TTL_SECONDS ?? 3600),
    refreshSeconds:
      lifetimes.refreshSeconds ??
      Number(process.env.FLUENT_REFRESH_TOKEN_TTL_SECONDS ?? 30 * 86_400),
  };
  return defineDialect({
    name: "fluent",
    prefix: "/fluent",
    standalonePort: 4103,
    scopes: {
      all: [FLUENT_SCOPES.read, FLUENT_SCOPES.write],
      defaults: [FLUENT_SCOPES.read, FLUENT_SCOPES.write],
    },
    bodyLimit: MAX_BODY_BYTES,
    routes: ROUTES,
    refuse,
    credentials: fluentLogins,
    setup(deps) {
      const { core } = deps;
      const log = deps.log ?? silentLogger;
      // One yoga per mounted path (root "" standalone, "/fluent" in the gateway): built on first use.
      const build = (endpoint: string) =>
        createDialectYoga<FluentContext>({
          schema: fluentSchema(),
          graphqlEndpoint: endpoint,
          development: deps.development,
          limits: { maxCost: MAX_COMPLEXITY },
          status: FLUENT_STATUS,
          context: (initial: YogaInitialContext) => {
            const { principal, call } = initial as YogaInitialContext &
              Pick<DialectRequest, "principal" | "call">;
            // The pipeline authenticates first (auth: "required"); reaching here without is a bug.
            if (!principal || !call) throw new Error("fluent: no principal");
            return createFluentContext(core, log, principal, call);
          },
          maskError: {
            maskError: (error: unknown) => {
              // Our own errors carry a Fluent code; graphql-js's are the client's doing.
              if (
                isGraphQLError(error) &&
                (!error.originalError || isGraphQLError(error.originalError))
              )
                return error;
              log.error(
                { err: isGraphQLError(error) ? (error.originalError ?? error) : error },
                "fluent: unexpected error",
              );
              const located = isGraphQLError(error) ? error : undefined;
              return createGraphQLError("Internal server error", {
                nodes: located?.nodes,
                path: located?.path,
                extensions: { code: FluentCode.SERVER },
              });
            },
          },
          plugins: [fluentErrorsPlugin as Plugin<Record<string, unknown> & FluentContext>],
        });
      const yogas = new Map<string, ReturnType<typeof build>>();
      const yogaFor = (endpoint: string) => {
        if (!yogas.has(endpoint)) yogas.set(endpoint, build(endpoint));
        return yogas.get(endpoint)!;
      };
      let presenter: ReturnType<typeof createPresenter<FluentCustomer, FluentContext>> | undefined;
      return {
        present(customer: Customer, viewer: Principal) {
          presenter ??= createPresenter(fluentSchema(), "Customer");
          const call = {
            tenantId: viewer.tenantId,
            actor: { dialect: "fluent", credentialId: viewer.credentialId },
          };
          return presenter(
            toFluentCustomer(customer),
            createFluentContext(core, log, viewer, call),
          );
        },
        async authenticate(req): Promise<Principal | null> {
          const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
          if (!m) return null;
          const grant = await core.tokens.verify(TOKEN_KINDS.access, m[1]!);
          return grant ? core.tokens.principalOf(grant) : null;
        },
        async serve(r) {
          if (r.route.name === "oauth.token") {
            r.setOperation("token");
            return issueToken(r, core, ttl);
          }
          const params = jsonParams(r.req, r.body);
          if (!params)
            return Response.json(
              {
                errors: [
                  {
                    message: "The request body must be a JSON object",
                    extensions: { code: FluentCode.MISSING },
                  },
                ],
              },
              { status: 400 },
            );
          r.setOperation(
            typeof params.operationName === "string" ? params.operationName : "anonymous",
          );
          return yogaFor(r.url.pathname).fetch(r.req, {
            graphqlParams: params,
            principal: r.principal,
            call: r.call,
          });
        },
      };
    },
  });
}

/** The definition the gateway mounts and `main.ts` runs (lifetimes from the environment). */
export const fluentDialect = createFluentDialect();
