import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import type { GraphQLSchema } from "graphql";
import {
  createYoga,
  type Plugin,
  type YogaInitialContext,
  type YogaServerOptions,
} from "graphql-yoga";
import {
  createYogaDocumentCaches,
  maxQueryBytesPlugin,
  type YogaDocumentCaches,
} from "./document-cache.ts";
import { type DialectGraphiQL, dialectGraphiQL } from "./graphiql.ts";
import { jitEnabled, jitPlugin } from "./jit.ts";
import { logFieldsPlugin } from "./log-fields.ts";
import { type StatusTable, statusPolicyPlugin } from "./status-policy.ts";

/** Limits every dialect endpoint enforces before execution (graphql-armor). */
export interface GraphQLLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
  /** Longest query text, UTF-8 bytes (refused with 413 before parsing). */
  maxQueryBytes: number;
  /** Parsed documents and parse errors kept, bytes as accounted (document-cache.ts). */
  documentCacheBytes: number;
}

export const DEFAULT_LIMITS: GraphQLLimits = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 2000,
  maxCost: 5000,
  maxDirectives: 20,
  maxQueryBytes: 64 * 1024,
  documentCacheBytes: 16 * 1024 * 1024,
};

export interface DialectYogaOptions<Ctx extends Record<string, unknown>> {
  schema: GraphQLSchema;
  /** The path the handler is mounted at, exactly (yoga answers 404 elsewhere). */
  graphqlEndpoint: string;
  context: (initial: YogaInitialContext) => Promise<Ctx> | Ctx;
  limits?: Partial<GraphQLLimits>;
  /** Introspection and GraphiQL: on in development only. */
  development?: boolean;
  /** Turns an unexpected error into what the client sees (after it has been logged). */
  maskError?: YogaServerOptions<Record<string, unknown>, Ctx>["maskedErrors"];
  plugins?: Plugin<Record<string, unknown> & Ctx>[];
  /** Default: one of limits.documentCacheBytes (tests pass theirs to read its byte count). */
  documentCaches?: YogaDocumentCaches;
  /** The GraphiQL page in development (graphiql.ts): title, the auth header to fill in. */
  graphiql?: DialectGraphiQL;
  /**
   * The vendor's HTTP statuses for GraphQL responses (status-policy.ts), applied after every
   * other plugin. Every dialect states its table; without one, yoga's own (GraphQL over HTTP).
   */
  status?: StatusTable;
  /** Execute through graphql-jit (jit.ts). Default: on unless CG_GRAPHQL_JIT=off. */
  jit?: boolean;
}

/**
 * One yoga instance per dialect, built once at start-up: batching off, errors masked, depth /
 * alias / token / cost / directive limits on, introspection only in development.
 */
export function createDialectYoga<Ctx extends Record<string, unknown>>(o: DialectYogaOptions<Ctx>) {
  const l = { ...DEFAULT_LIMITS, ...o.limits };
  const dev = o.development ?? process.env.NODE_ENV === "development";
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: l.maxDepth, ignoreIntrospection: true },
      maxAliases: { n: l.maxAliases },
      maxTokens: { n: l.maxTokens },
      costLimit: { maxCost: l.maxCost, ignoreIntrospection: true },
      maxDirectives: { n: l.maxDirectives },
      blockFieldSuggestion: { enabled: !dev },
    }) as Plugin,
  ];
  if (!dev) plugins.push(useDisableIntrospection() as Plugin);
  plugins.push(preParsedParamsPlugin, logFieldsPlugin, maxQueryBytesPlugin(l.maxQueryBytes));
  // graphql-jit where it answers as yoga's executor does (jit.ts); CG_GRAPHQL_JIT=off: never.
  if (o.jit ?? jitEnabled()) plugins.push(jitPlugin());
  const caches = o.documentCaches ?? createYogaDocumentCaches(l.documentCacheBytes);
  return createYoga<Record<string, unknown>, Ctx>({
    schema: o.schema,
    graphqlEndpoint: o.graphqlEndpoint,
    context: o.context,
    batching: false,
    ...(dev ? dialectGraphiQL(o.graphiql) : { graphiql: false }),
    landingPage: false,
    maskedErrors: o.maskError ?? true,
    logging: false,
    // Each dialect handler caps bodies itself, in its own error shape (readBodyLimited). Yoga's
    // own limit would pipe every body through a TransformStream and a new Request: about a third
    // of a trivial request's CPU time on the gateway, measured.
    maxRequestBodySize: false,
    parserAndValidationCache: caches.options,
    plugins: [
      ...plugins,
      ...((o.plugins ?? []) as Plugin[]),
      ...(o.status ? [statusPolicyPlugin(o.status)] : []),
    ],
  });
}

/**
 * What a handler that has already read and parsed a JSON body hands to yoga as the server context's
 * `graphqlParams` (see jsonParams): yoga then uses it instead of reading the body again. Only a
 * JSON object qualifies; anything else goes through yoga's own parser and its own errors.
 */
export interface PreParsed {
  graphqlParams?: Record<string, unknown>;
}

const preParsedParamsPlugin: Plugin = {
  onRequestParse({ serverContext, setRequestParser }) {
    const params = (serverContext as PreParsed).graphqlParams;
    if (params) setRequestParser(() => params);
  },
};

/** The body as GraphQL params for yoga, when it is a JSON object; undefined otherwise. */
export function jsonParams(req: Request, body: string | null): Record<string, unknown> | undefined {
  if (
    req.method !== "POST" ||
    body === null ||
    !(req.headers.get("content-type") ?? "").includes("application/json")
  )
    return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// One body reader for every dialect: the kit's (graphql-kit re-exports it for its callers).
export { DEFAULT_MAX_BODY_BYTES, readBodyLimited } from "@cg/dialect-kit";
export {
  base64Cursor,
  type ConnectionShape,
  type CursorCodec,
  emptyPageInfo,
  type PageArgs,
  type PageInfoShape,
  type PageRules,
  paginateInMemory,
} from "./connection.ts";
export {
  type ByteCache,
  createByteCache,
  createYogaDocumentCaches,
  documentBytes,
  type YogaDocumentCaches,
} from "./document-cache.ts";
export { type DialectGraphiQL, isGraphiQLRequest } from "./graphiql.ts";
export { jitEnabled, jitPlugin } from "./jit.ts";
export { isGraphQLError, type MaskOptions, maskUnexpected } from "./mask-error.ts";
export {
  createPresenter,
  fullSelection,
  type Presented,
  type PresenterOptions,
} from "./present.ts";
export { printSortedSchema, writeSchemaFiles } from "./print-schema.ts";
export {
  type StatusRule,
  type StatusTable,
  statusFor,
  statusPolicyPlugin,
} from "./status-policy.ts";
