import type { DialectDeps, FetchHandler, Principal } from "@cg/core";
import {
  createDialectYoga,
  DEFAULT_MAX_BODY_BYTES,
  type GraphQLLimits,
  isGraphiQLRequest,
  jsonParams,
  type PreParsed,
  readBodyLimited,
} from "@cg/graphql-kit";
import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse } from "graphql";
import { createGraphQLError, type Plugin, maskError as yogaMaskError } from "graphql-yoga";
import { SCHEMA_VARIANTS, type SchemaVariant, type ShopifyContext } from "./builder.ts";
import {
  type CostLimits,
  costLimitsFromEnv,
  createCostBuckets,
  DEFAULT_COST_LIMITS,
  queryCost,
  type ThrottleStatus,
} from "./cost.ts";
import { HTTP_ERRORS } from "./errors.ts";
import { buildShopifySchema } from "./schema/index.ts";
import { resolveVersion } from "./versions.ts";

export interface ShopifyHandlerOptions {
  /** Mount prefix, e.g. "/shopify" in the gateway; "" standalone. */
  prefix?: string;
  /** Leaky bucket limits; defaults DEFAULT_COST_LIMITS, overridden by env (cost.ts), then by this. */
  costLimits?: Partial<CostLimits>;
  /** The bucket's clock (ms); tests pass a manual one so that throttling never depends on timing. */
  clock?: () => number;
  /** Depth / alias / token limits (graphql-kit defaults otherwise). */
  limits?: Partial<GraphQLLimits>;
  /** Largest request body read, bytes (graphql-kit's DEFAULT_MAX_BODY_BYTES otherwise); larger → 413. */
  maxBodyBytes?: number;
}

interface RequestExtras {
  principal: Principal;
  apiVersion: string;
  cost: { requested: number | null; status: ThrottleStatus };
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

/**
 * Shopify Admin GraphQL for customers: POST {prefix}/admin/api/{version}/graphql.json with
 * X-Shopify-Access-Token. Authentication, version routing and cost throttling happen here, before
 * yoga; each schema variant and its yoga instance are built once, when the handler is created.
 */
export function createShopifyHandler(
  deps: DialectDeps,
  opts: ShopifyHandlerOptions = {},
): FetchHandler {
  const prefix = (opts.prefix ?? "").replace(/\/$/, "");
  const limits: CostLimits = { ...DEFAULT_COST_LIMITS, ...costLimitsFromEnv(), ...opts.costLimits };
  const buckets = createCostBuckets(limits, opts.clock);
  // Adds Shopify's `extensions.cost` to every executed result; points for nodes that were not
  // returned (requested − actual) go back into the bucket.
  const costExtension: Plugin<Record<string, unknown>> = {
    onExecute({ args }) {
      const extra = args.contextValue as unknown as Partial<RequestExtras>;
      return {
        onExecuteDone({ result, setResult }) {
          if (!extra.cost || !extra.principal || Symbol.asyncIterator in result) return;
          const { requested } = extra.cost;
          const actual =
            requested === null
              ? null
              : (queryCost(
                  args.schema,
                  args.document,
                  args.operationName,
                  args.variableValues,
                  result.data ?? null,
                ) ?? requested);
          const status =
            requested !== null && actual !== null && actual < requested
              ? buckets.refund(extra.principal.credentialId, requested - actual)
              : extra.cost.status;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cost: {
                requestedQueryCost: requested,
                actualQueryCost: actual,
                throttleStatus: status,
              },
            },
          });
        },
      };
    },
  };
  // Every yoga response names the version served. Shopify answers GraphQL errors (syntax,
  // validation, variables) in a 200 body; yoga follows the GraphQL-over-HTTP spec (400), and
  // clients such as @shopify/admin-api-client only read 2xx bodies.
  const shopifyResponse: Plugin<Record<string, unknown>> = {
    async onResponse({ response, serverContext, setResponse, fetchAPI }) {
      const served = (serverContext as Partial<RequestExtras>).apiVersion;
      if (served) response.headers.set("x-shopify-api-version", served);
      if (response.status === 400 && (response.headers.get("content-type") ?? "").includes("json"))
        setResponse(
          new fetchAPI.Response(await response.text(), { status: 200, headers: response.headers }),
        );
    },
  };
  const schemas = new Map<SchemaVariant, GraphQLSchema>(
    SCHEMA_VARIANTS.map((v) => [v, buildShopifySchema(v)]),
  );
  const yogas = new Map(
    SCHEMA_VARIANTS.map((v) => [
      v,
      createDialectYoga<ShopifyContext & Record<string, unknown>>({
        schema: schemas.get(v)!,
        graphqlEndpoint: `${prefix}/admin/api/:version/graphql.json`,
        development: deps.development,
        limits: opts.limits,
        graphiql: {
          title: "Shopify Admin API (customers)",
          headers: {
            "X-Shopify-Access-Token":
              "<a shopify credential: npm run cg -- credentials create --tenant default --dialect shopify>",
          },
          defaultQuery:
            "{\n  customersCount { count }\n  customers(first: 10) { nodes { id displayName defaultEmailAddress { emailAddress } } }\n}\n",
        },
        plugins: [costExtension, shopifyResponse] as Plugin<
          Record<string, unknown> & ShopifyContext
        >[],
        maskError: {
          maskError(error, message, isDev) {
            const masked = yogaMaskError(error, message, isDev);
            if (masked === error) return masked;
            deps.log.error({ err: error }, "shopify: unexpected error");
            const g = masked as GraphQLError;
            return createGraphQLError(
              "Internal error. Looks like something went wrong on our end.",
              {
                nodes: g.nodes,
                path: g.path,
                extensions: { code: "INTERNAL_SERVER_ERROR" },
              },
            );
          },
        },
        context: (initial) => {
          const x = initial as unknown as RequestExtras;
          return {
            core: deps.core,
            log: deps.log,
            principal: x.principal,
            call: {
              tenantId: x.principal.tenantId,
              actor: { dialect: "shopify", credentialId: x.principal.credentialId },
            },
            apiVersion: x.apiVersion,
            shopDomain: `${x.principal.tenantSlug}.myshopify.com`,
            cost: x.cost,
          };
        },
      }),
    ]),
  );
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const documents = new DocumentCache();
  const path = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/admin/api/([^/]+)/graphql\\.json/?$`,
  );

  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const m = path.exec(url.pathname);
    const version = m ? resolveVersion(decodeURIComponent(m[1]!)) : null;
    if (!version) return json(HTTP_ERRORS.notFound, 404);
    const versionHeader = { "x-shopify-api-version": version.served };
    // GraphiQL's page (development only) needs no token; the queries it sends do.
    if (deps.development && isGraphiQLRequest(req))
      return yogas.get(version.variant)!.fetch(req, { apiVersion: version.served });
    const token = req.headers.get("x-shopify-access-token");
    const principal = token ? await deps.core.authenticate(token) : null;
    if (principal?.dialect !== "shopify") return json(HTTP_ERRORS.unauthorized, 401, versionHeader);

    const body = req.method === "POST" ? await readBodyLimited(req, maxBodyBytes) : null;
    if (req.method === "POST" && body === null)
      return json(HTTP_ERRORS.tooLarge, 413, versionHeader);
    const rawQuery = (req.headers.get("content-type") ?? "").includes("application/graphql");
    const params = jsonParams(req, body);
    const requested = requestedCost(
      schemas.get(version.variant)!,
      params ?? (rawQuery ? { query: body } : body),
      url,
      documents,
    );
    if (requested !== null && requested > limits.maxQueryCost)
      return json({ errors: [maxCostError(requested, limits.maxQueryCost)] }, 200, versionHeader);
    const take = buckets.take(principal.credentialId, requested ?? 0);
    if (!take.ok)
      return json(
        {
          errors: [HTTP_ERRORS.throttled],
          extensions: {
            cost: {
              requestedQueryCost: requested,
              actualQueryCost: null,
              throttleStatus: take.status,
            },
          },
        },
        429,
        versionHeader,
      );
    const extras: RequestExtras & PreParsed = {
      principal,
      apiVersion: version.served,
      cost: { requested, status: take.status },
    };
    // The body is read already: a JSON object goes to yoga as parsed params (no second parse, no
    // new Request); anything else is re-wrapped for yoga's own parser and errors.
    if (params) extras.graphqlParams = params;
    const forward = params
      ? req
      : new Request(req.url, { method: req.method, headers: req.headers, body });
    return yogas.get(version.variant)!.fetch(forward, extras as unknown as Record<string, unknown>);
  };
}

/**
 * Parsed documents by query text, bounded: clients send the same few documents over and over, and
 * the cost check would otherwise parse each request a second time (yoga caches its own parse).
 */
class DocumentCache {
  private readonly docs = new Map<string, DocumentNode | null>();
  get(query: string): DocumentNode | null {
    let doc = this.docs.get(query);
    if (doc !== undefined) return doc;
    try {
      doc = parse(query, { maxTokens: 5000 });
    } catch {
      doc = null;
    }
    if (this.docs.size >= 1000) this.docs.delete(this.docs.keys().next().value!);
    this.docs.set(query, doc);
    return doc;
  }
}

function requestedCost(
  schema: GraphQLSchema,
  body: Record<string, unknown> | string | null,
  url: URL,
  documents: DocumentCache,
): number | null {
  let query: unknown;
  let operationName: unknown;
  let variables: unknown;
  try {
    if (body !== null)
      ({ query, operationName, variables } = (
        typeof body === "string" ? JSON.parse(body) : body
      ) as Record<string, unknown>);
    else {
      query = url.searchParams.get("query");
      operationName = url.searchParams.get("operationName");
      variables = JSON.parse(url.searchParams.get("variables") ?? "null");
    }
  } catch {
    return null;
  }
  if (typeof query !== "string") return null;
  const doc = documents.get(query);
  if (!doc) return null;
  return queryCost(
    schema,
    doc,
    typeof operationName === "string" ? operationName : null,
    variables && typeof variables === "object" ? (variables as Record<string, unknown>) : null,
  );
}

const maxCostError = (cost: number, max: number) => ({
  message: `Query cost is ${cost}, which exceeds the single query max cost limit (${max}).`,
  extensions: {
    code: "MAX_COST_EXCEEDED",
    cost,
    maxCost: max,
    documentation: "https://shopify.dev/api/usage/rate-limits",
  },
});
