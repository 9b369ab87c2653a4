import type { DialectDeps, FetchHandler, Principal } from "@cg/core";
import {
  createDialectYoga,
  DEFAULT_MAX_BODY_BYTES,
  type GraphQLLimits,
  readBodyLimited,
} from "@cg/graphql-kit";
import type { GraphQLError } from "graphql";
import { createGraphQLError, type YogaInitialContext } from "graphql-yoga";
import { createPlainContext, type PlainContext } from "./context.ts";
import { isGraphQLError, queryError } from "./errors.ts";
import { mutationCostPlugin, plainErrorCodesPlugin } from "./graphql-plugins.ts";
import { plainSchema } from "./schema/index.ts";

/** Larger bodies are refused before parsing; an upsert is well under 2 KB. */
export const MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;

/**
 * graphql-armor limits for this endpoint. The SDK's own upsertCustomer document (CustomerParts with
 * company and actor fragments) costs about 7,500 in armor's model, so the shared default of 5,000
 * would reject Plain's real client; 15,000 leaves it room and still stops fan-out queries. Its
 * fragments nest 14 deep as armor counts, hence depth 16.
 * Mutations are additionally capped by MUTATION_COST (graphql-plugins.ts).
 */
export const PLAIN_LIMITS: Partial<GraphQLLimits> = { maxCost: 15_000, maxDepth: 16 };

export interface PlainHandlerOptions {
  /** The path the handler answers at: "/graphql/v1" standalone, "/plain/graphql/v1" in the gateway. */
  graphqlEndpoint?: string;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

/** The error-only body Plain answers with before GraphQL runs (auth, body size). */
const errorResponse = (status: number, e: GraphQLError) =>
  json(status, { errors: [{ message: e.message, extensions: { code: e.extensions.code } }] });

function bearer(req: Request): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m?.[1] ?? null;
}

/**
 * Plain's Core GraphQL API for customers as a fetch handler. The schema and the yoga instance
 * are built once here, not per request.
 */
export function createPlainHandler(
  deps: DialectDeps,
  opts: PlainHandlerOptions = {},
): FetchHandler {
  const endpoint = opts.graphqlEndpoint ?? "/graphql/v1";
  const development = deps.development ?? process.env.NODE_ENV === "development";
  const yoga = createDialectYoga<PlainContext>({
    schema: plainSchema(),
    graphqlEndpoint: endpoint,
    development,
    limits: PLAIN_LIMITS,
    graphiql: {
      title: "Plain Core API (customers)",
      headers: {
        Authorization:
          "Bearer <a plain credential: npm run cg -- credentials create --tenant default --dialect plain>",
      },
      defaultQuery:
        "{\n  customers(first: 10) {\n    totalCount\n    edges { node { id fullName email { email } } }\n  }\n}\n",
    },
    context: (initial: YogaInitialContext) => {
      const principal = (initial as YogaInitialContext & { principal?: Principal }).principal;
      // The handler authenticates before yoga runs; reaching here without a principal is a bug.
      if (!principal) throw queryError("UNAUTHENTICATED", "Authentication required");
      return createPlainContext(deps.core, deps.log, principal);
    },
    maskError: {
      maskError: (error: unknown) => {
        // Our own errors (and graphql-js's) carry a Plain code already; anything else is a bug.
        if (isGraphQLError(error) && (!error.originalError || isGraphQLError(error.originalError)))
          return error;
        deps.log.error(
          { err: isGraphQLError(error) ? (error.originalError ?? error) : error },
          "plain: unexpected error",
        );
        const located = isGraphQLError(error) ? error : undefined;
        const cause = isGraphQLError(error) ? (error.originalError ?? error) : error;
        return createGraphQLError("Internal server error", {
          nodes: located?.nodes,
          path: located?.path,
          extensions: {
            code: "INTERNAL_SERVER_ERROR",
            http: { status: 500 },
            // Verbose errors in development only.
            ...(development
              ? {
                  originalError: {
                    message: cause instanceof Error ? cause.message : String(cause),
                  },
                }
              : {}),
          },
        });
      },
    },
    plugins: [
      plainErrorCodesPlugin<Record<string, unknown> & PlainContext>(),
      mutationCostPlugin<Record<string, unknown> & PlainContext>(),
    ],
  });

  return async (req) => {
    const url = new URL(req.url);
    // Elsewhere yoga answers 404; GraphiQL's page (development only) needs no key.
    if (url.pathname !== endpoint) return yoga.fetch(req);
    if (
      req.method === "GET" &&
      development &&
      (req.headers.get("accept") ?? "").includes("text/html")
    )
      return yoga.fetch(req);
    // A declared length is checked without reading; only a body of unknown length (chunked) is
    // read here, with a cap, and handed on re-wrapped. Re-wrapping every request costs ~15% of
    // the endpoint's throughput.
    let body: string | undefined;
    if (req.method !== "GET" && req.method !== "HEAD") {
      const declared = Number(req.headers.get("content-length") ?? Number.NaN);
      if (declared > MAX_BODY_BYTES)
        return errorResponse(
          400,
          queryError("BAD_USER_INPUT", `Request body is larger than ${MAX_BODY_BYTES} bytes`),
        );
      if (!Number.isFinite(declared)) {
        const text = await readBodyLimited(req, MAX_BODY_BYTES);
        if (text === null)
          return errorResponse(
            400,
            queryError("BAD_USER_INPUT", `Request body is larger than ${MAX_BODY_BYTES} bytes`),
          );
        body = text;
      }
    }
    const secret = bearer(req);
    const principal = secret ? await deps.core.authenticate(secret) : null;
    // A key of another dialect is as unknown here as a made-up one.
    if (principal?.dialect !== "plain")
      return errorResponse(
        401,
        queryError("UNAUTHENTICATED", "Authentication failed. Please check the provided API key."),
      );
    const forwarded =
      body === undefined
        ? req
        : new Request(req.url, { method: req.method, headers: req.headers, body });
    return yoga.fetch(forwarded, { principal });
  };
}
