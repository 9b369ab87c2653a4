import type { Customer } from "@cg/core";
import { DEFAULT_MAX_BODY_BYTES, type DialectRequest, defineDialect } from "@cg/dialect-kit";
import {
  createByteCache,
  createDialectYoga,
  createPresenter,
  documentBytes,
  type GraphQLLimits,
  isGraphiQLRequest,
  jsonParams,
  maskUnexpected,
  type PreParsed,
} from "@cg/graphql-kit";
import { type DocumentNode, type GraphQLSchema, parse } from "graphql";
import type { Plugin } from "graphql-yoga";
import { SCHEMA_VARIANTS, type SchemaVariant, type ShopifyContext } from "./builder.ts";
import {
  type CostLimits,
  costLimitsFromEnv,
  createCostBuckets,
  DEFAULT_COST_LIMITS,
  queryCost,
  type ThrottleStatus,
} from "./cost.ts";
import { shopifyCsvFormat } from "./customer-csv.ts";
import { HTTP_ERRORS, SHOPIFY_STATUS, shopifyRefusal } from "./errors.ts";
import { buildShopifySchema } from "./schema/index.ts";
import { SHOPIFY_SCOPES } from "./scopes.ts";
import { latestStableVersion, resolveVersion } from "./versions.ts";

export interface ShopifyDialectOptions {
  /** Leaky bucket limits; defaults DEFAULT_COST_LIMITS, overridden by env (cost.ts), then by this. */
  costLimits?: Partial<CostLimits>;
  /** Depth / alias / token limits (graphql-kit defaults otherwise). */
  limits?: Partial<GraphQLLimits>;
  /** Largest request body read, bytes (the kit's DEFAULT_MAX_BODY_BYTES otherwise); larger → 413. */
  maxBodyBytes?: number;
}

interface RequestExtras {
  principal: NonNullable<DialectRequest["principal"]>;
  apiVersion: string;
  cost: { requested: number | null; status: ThrottleStatus };
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

/**
 * Shopify Admin GraphQL for customers: POST {root}/admin/api/{version}/graphql.json with
 * X-Shopify-Access-Token. The kit routes, authenticates and caps the body; the version is checked
 * before the token (404), the cost is checked and taken from the bucket in preflight; each schema
 * variant and its yoga instance are built once, in setup. The bucket's clock is the deps' clock
 * (tests pass a manual one, so that throttling never depends on timing).
 */
export function defineShopifyDialect(opts: ShopifyDialectOptions = {}) {
  return defineDialect({
    name: "shopify",
    prefix: "/shopify",
    standalonePort: 4102,
    scopes: SHOPIFY_SCOPES,
    formats: [shopifyCsvFormat],
    bodyLimit: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    routes: [
      {
        name: "admin.graphql",
        methods: ["GET", "POST"],
        path: "/admin/api/:version/graphql.json",
        auth: "required",
      },
    ],
    refuse: shopifyRefusal,
    endpoints: () => [
      {
        label: `Shopify Admin API ${latestStableVersion()} (any supported version in the path)`,
        path: `/admin/api/${latestStableVersion()}/graphql.json`,
        graphiql: true,
      },
    ],
    setup(deps, { root }) {
      const limits: CostLimits = {
        ...DEFAULT_COST_LIMITS,
        ...costLimitsFromEnv(),
        ...opts.costLimits,
      };
      const buckets = createCostBuckets(limits, deps.clock);
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
      // Every yoga response names the version served (the status is SHOPIFY_STATUS's).
      const shopifyResponse: Plugin<Record<string, unknown>> = {
        onResponse({ response, serverContext }) {
          const served = (serverContext as Partial<RequestExtras>).apiVersion;
          if (served) response.headers.set("x-shopify-api-version", served);
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
            graphqlEndpoint: `${root}/admin/api/:version/graphql.json`,
            development: deps.development,
            graphiql: {
              title: "Shopify Admin API (customers)",
              headers: {
                "X-Shopify-Access-Token":
                  "<a shopify credential: npm run cg -- credentials create --tenant default --dialect shopify>",
              },
              defaultQuery:
                "{\n  customersCount { count }\n  customers(first: 10) { nodes { id displayName defaultEmailAddress { emailAddress } } }\n}\n",
            },
            ...(opts.limits ? { limits: opts.limits } : {}),
            status: SHOPIFY_STATUS,
            plugins: [costExtension, shopifyResponse] as Plugin<
              Record<string, unknown> & ShopifyContext
            >[],
            maskError: {
              maskError: maskUnexpected({
                log: deps.log,
                dialect: "shopify",
                message: "Internal error. Looks like something went wrong on our end.",
              }),
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
      const documents = new DocumentCache();
      const latest = resolveVersion(latestStableVersion())!;
      const present = createPresenter<Customer, ShopifyContext>(
        schemas.get(latest.variant)!,
        "Customer",
      );
      return {
        present: (customer, viewer) =>
          present(customer, {
            core: deps.core,
            log: deps.log,
            principal: viewer,
            call: {
              tenantId: viewer.tenantId,
              actor: { dialect: "shopify", credentialId: viewer.credentialId },
            },
            apiVersion: latest.served,
            shopDomain: `${viewer.tenantSlug}.myshopify.com`,
          }),
        checkRoute: ({ req, params }) => {
          const version = resolveVersion(params.version!);
          if (!version) return { kind: "NOT_FOUND" };
          // GraphiQL's page (development only) needs no token; the queries it sends do.
          if (deps.development && isGraphiQLRequest(req))
            return yogas.get(version.variant)!.fetch(req, { apiVersion: version.served });
          return undefined;
        },
        async authenticate(req) {
          const token = req.headers.get("x-shopify-access-token");
          return token ? deps.core.authenticate(token) : null;
        },
        // Shopify's cost rules: a query above the single-query maximum is refused in a 200 body;
        // one the bucket cannot pay for now is throttled (429).
        async preflight(r) {
          const version = resolveVersion(r.params.version!)!;
          const header = { "x-shopify-api-version": version.served };
          const rawQuery = (r.req.headers.get("content-type") ?? "").includes(
            "application/graphql",
          );
          const params = jsonParams(r.req, r.body);
          const requested = requestedCost(
            schemas.get(version.variant)!,
            params ?? (rawQuery ? { query: r.body } : r.body),
            r.url,
            documents,
          );
          if (requested !== null && requested > limits.maxQueryCost)
            return json({ errors: [maxCostError(requested, limits.maxQueryCost)] }, 200, header);
          const take = buckets.take(r.principal!.credentialId, requested ?? 0);
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
              header,
            );
          const extras: RequestExtras & PreParsed = {
            principal: r.principal!,
            apiVersion: version.served,
            cost: { requested, status: take.status },
          };
          if (params) extras.graphqlParams = params;
          r.state = { extras, variant: version.variant };
          return undefined;
        },
        async serve(r) {
          const { extras, variant } = r.state as {
            extras: RequestExtras & PreParsed;
            variant: SchemaVariant;
          };
          // The body is read already: a JSON object goes to yoga as parsed params (no second
          // parse, no new Request); anything else is re-wrapped for yoga's own parser and errors.
          const forward =
            extras.graphqlParams || r.body === null
              ? r.req
              : new Request(r.req.url, {
                  method: r.req.method,
                  headers: r.req.headers,
                  body: r.body,
                });
          return yogas.get(variant)!.fetch(forward, extras as unknown as Record<string, unknown>);
        },
      };
    },
  });
}

/** Shopify with its default limits (the gateway's and the standalone's). */
export const shopifyDialect = defineShopifyDialect();

/**
 * Parsed documents by query text for the cost check, capped in bytes (graphql-kit's byte cache,
 * keyed by a hash of the text): clients send the same few documents over and over, and the cost
 * check would otherwise parse each request a second time (yoga caches its own parse). A count
 * cap keyed on the full text let 1 000 distinct 250 KB queries pin ~250 MB.
 */
class DocumentCache {
  private readonly docs = createByteCache<{ doc: DocumentNode | null }>({
    maxBytes: 16 * 1024 * 1024,
    sizeOf: (text, v) => (v.doc ? documentBytes(text, v.doc) : 2 * text.length + 1024),
  });
  get(query: string): DocumentNode | null {
    const hit = this.docs.get(query);
    if (hit) return hit.doc;
    let doc: DocumentNode | null;
    try {
      doc = parse(query, { maxTokens: 5000 });
    } catch {
      doc = null;
    }
    this.docs.set(query, { doc });
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
