import type { Customer, Principal, StoreView } from "@cg/core";
import {
  type DialectDeps,
  type DialectRequest,
  defineDialect,
  type Refusal,
  RefusalKind,
} from "@cg/dialect-kit";
import {
  createDialectYoga,
  createPresenter,
  DEFAULT_MAX_BODY_BYTES,
  jsonParams,
} from "@cg/graphql-kit";
import { type GraphQLError, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import { TOKEN_KIND } from "./accounts.ts";
import { MAGENTO_VERSIONS, type MagentoContext, type MagentoVersion } from "./builder.ts";
import { errorBody, MAGENTO_STATUS, type MagentoErrorCase, magentoMessage } from "./errors.ts";
import { buildMagentoSchema } from "./schema/index.ts";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

/**
 * How Magento answers what stops a request before execution. Request validators (Store,
 * content type) throw outside execution, which 2.4.7's controller answers with HTTP 500
 * (ExceptionFormatter::HTTP_GRAPH_QL_SCHEMA_ERROR_STATUS); the rest are the web server's.
 */
const REFUSALS: Record<RefusalKind, [number, MagentoErrorCase | string]> = {
  [RefusalKind.NOT_FOUND]: [404, "Not Found"],
  [RefusalKind.METHOD_NOT_ALLOWED]: [405, "Method Not Allowed"],
  // Storefront routes never require a credential; listed for the table's totality.
  [RefusalKind.UNAUTHENTICATED]: [401, "TOKEN_REFUSED"],
  [RefusalKind.FORBIDDEN]: [403, "NOT_AUTHORIZED"],
  [RefusalKind.TOO_LARGE]: [413, "Request Entity Too Large"],
  [RefusalKind.HEADERS_TOO_LARGE]: [431, "Request Header Fields Too Large"],
  [RefusalKind.UNSUPPORTED_MEDIA_TYPE]: [500, "CONTENT_TYPE"],
  [RefusalKind.RATE_LIMITED]: [429, "Too Many Requests"],
  [RefusalKind.INTERNAL]: [500, "INTERNAL"],
};

function refuse(r: Refusal): Response {
  const [status, what] = REFUSALS[r.kind];
  const body =
    what in CASES
      ? errorBody(what as MagentoErrorCase)
      : { errors: [{ message: what, extensions: { category: "graphql" } }] };
  return json(status, body, r.headers);
}
const CASES: Record<string, true> = {
  TOKEN_REFUSED: true,
  NOT_AUTHORIZED: true,
  CONTENT_TYPE: true,
  INTERNAL: true,
};

/** `Authorization: Bearer <token>`: case-insensitive "bearer", exactly two pieces (TokenUserContext). */
function bearer(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (!h) return null;
  const pieces = h.split(" ");
  return pieces.length === 2 && pieces[0]!.toLowerCase() === "bearer" ? pieces[1]! : null;
}

/**
 * Errors as Magento prints them: `message`, `locations`, `path` and `extensions.category` only.
 * graphql-php's own (parse, validation, variable coercion) carry category "graphql".
 */
const magentoErrorsPlugin: Plugin = {
  onResultProcess({ result, setResult, serverContext }) {
    const r = result as { errors?: readonly GraphQLError[] };
    if (!r || Array.isArray(r) || !r.errors) return;
    const sc = serverContext as Partial<ServerContext> | undefined;
    if (sc?.magento?.version === "2.4.9" && sc.answer) {
      // 2.4.9's controller (GraphQl::getHttpResponseCode): the first error with a category sets
      // the status, 401 for graphql-authentication, 403 for graphql-authorization, else 200.
      const first = r.errors.find((e) => e.extensions?.category)?.extensions?.category;
      sc.answer.status =
        first === "graphql-authentication" ? 401 : first === "graphql-authorization" ? 403 : 200;
    }
    setResult({
      ...(result as object),
      errors: r.errors.map((e) => ({
        message: e.message,
        ...(e.locations ? { locations: e.locations } : {}),
        ...(e.path ? { path: e.path } : {}),
        extensions: { category: (e.extensions?.category as string | undefined) ?? "graphql" },
      })),
    } as never);
  },
};

interface RequestContext {
  magento: MagentoContext;
  setOperation(name: string): void;
}
/** What serve hands yoga: the context, plus where the errors plugin leaves 2.4.9's status. */
interface ServerContext extends RequestContext {
  answer: { status: number };
}

/** Names the request log's operation: the operation's name, else its first root field. */
const operationNamePlugin: Plugin<RequestContext> = {
  onExecute({ args }) {
    const op = getOperationAST(args.document, args.operationName);
    const first = op?.selectionSet.selections[0];
    const name = op?.name?.value ?? (first?.kind === "Field" ? first.name.value : null);
    if (name) args.contextValue.setOperation(name);
  },
};

/**
 * Magento's storefront GraphQL API for customer accounts: POST (and GET for queries) /graphql.
 * A storefront sends no API key: the `Store` header names the store, whose tenant serves the
 * request, and a customer token (generateCustomerToken) selects the customer. The kit's route is
 * `auth: "optional"` and `authenticate` answers null: the storefront principal (store + optional
 * customer) is built here in `serve`, since it carries no credential.
 */
export const magentoDialect = defineDialect({
  name: "magento",
  prefix: "/magento",
  standalonePort: 4104,
  // Storefronts present no credential (the Store header and customer tokens stand in for one),
  // so a credential of this dialect has nothing to be scoped to.
  scopes: { all: [], defaults: [] },
  bodyLimit: DEFAULT_MAX_BODY_BYTES,
  routes: [
    {
      name: "graphql",
      methods: ["GET", "POST"],
      path: "/graphql",
      auth: "optional",
      accepts: ["application/json"],
    },
  ],
  refuse,
  setup(deps: DialectDeps) {
    const { core, log } = deps;
    const schemas = new Map(MAGENTO_VERSIONS.map((v) => [v, buildMagentoSchema(v)]));
    const yogas = new Map(
      MAGENTO_VERSIONS.map((v) => [
        v,
        createDialectYoga<RequestContext & Record<string, unknown>>({
          schema: schemas.get(v)!,
          // The kit has routed the request already; yoga answers whatever path it was given.
          graphqlEndpoint: "*",
          development: deps.development,
          status: MAGENTO_STATUS,
          // Yoga merges this into the request's context, beside `setOperation`.
          context: (initial) =>
            (initial as unknown as RequestContext).magento as unknown as RequestContext &
              Record<string, unknown>,
          maskError: {
            maskError: (error: unknown) => {
              const e = error as GraphQLError;
              const original = e?.originalError;
              // Our own Magento errors and graphql-js's pass; anything else is a bug: logged, masked.
              if (e?.extensions?.category && (!original || (original as GraphQLError).extensions))
                return e;
              // graphql-js's own, also when rewrapped by the executor (variable coercion: #16 fuzz).
              if (e?.name === "GraphQLError" && (!original || original.name === "GraphQLError"))
                return e;
              log.error({ err: original ?? error }, "magento: unexpected error");
              return Object.assign(new Error(magentoMessage("INTERNAL")), {
                name: "GraphQLError",
                extensions: { category: "internal" },
                locations: e?.locations,
                path: e?.path,
              }) as unknown as GraphQLError;
            },
          },
          plugins: [magentoErrorsPlugin, operationNamePlugin] as never,
        }),
      ]),
    );

    async function storefront(r: DialectRequest): Promise<MagentoContext | Response> {
      const code = r.req.headers.get("store")?.trim() || "default";
      const store: StoreView | null = await core.stores.resolve(code);
      if (!store) return json(500, errorBody("STORE_NOT_FOUND"));
      const version = (
        (MAGENTO_VERSIONS as readonly string[]).includes(store.version) ? store.version : "2.4.9"
      ) as MagentoVersion;
      const token = bearer(r.req);
      let signedIn: MagentoContext["signedIn"] = null;
      if (token) {
        const g = await core.tokens.verify(TOKEN_KIND, token);
        // A token is good only in its own tenant's stores.
        if (g?.customerId && g.tenantId === store.tenantId)
          signedIn = { customerId: g.customerId, token };
        // 2.4.8+ refuse a bad token up front (HTTP 401), in the words of the reader or validator
        // that failed; 2.4.7 reads it as a guest. Another tenant's token reads as no token here.
        else if (version !== "2.4.7") {
          const why = g ? "unknown" : await core.tokens.deadReason(TOKEN_KIND, token);
          return json(
            401,
            errorBody(
              why === "expired"
                ? "TOKEN_EXPIRED"
                : why === "revoked"
                  ? "TOKEN_REVOKED"
                  : "TOKEN_REFUSED",
            ),
          );
        }
      }
      const call = { tenantId: store.tenantId, actor: { dialect: "magento", credentialId: null } };
      let me: Promise<Customer | null> | null = null;
      return {
        core,
        log,
        store,
        version,
        call,
        signedIn,
        me: () => (me ??= signedIn ? core.get(call, signedIn.customerId) : Promise.resolve(null)),
      };
    }

    const latest = MAGENTO_VERSIONS.at(-1)!;
    const present = createPresenter<Customer, MagentoContext>(schemas.get(latest)!, "Customer");
    return {
      // The customer as its own storefront session reads it (`customer` on the newest version),
      // in the tenant's first store.
      async present(customer: Customer, viewer: Principal) {
        const [store] = await core.stores.list(viewer.tenantId);
        if (!store) return { note: "The tenant has no Magento store code." };
        const call = {
          tenantId: viewer.tenantId,
          actor: { dialect: "magento", credentialId: null },
        };
        return present(customer, {
          core,
          log,
          store,
          version: latest,
          call,
          signedIn: { customerId: customer.id, token: "" },
          me: async () => customer,
        });
      },
      authenticate: async () => null,
      async serve(r) {
        const ctx = await storefront(r);
        if (ctx instanceof Response) return ctx;
        const graphqlParams = jsonParams(r.req, r.body);
        if (r.req.method === "POST" && !graphqlParams)
          return json(400, {
            errors: [
              {
                message: "Request body is not valid JSON",
                extensions: { category: "graphql-input" },
              },
            ],
          });
        const yoga = yogas.get(ctx.version)!;
        const answer = { status: 200 };
        const res = await yoga.fetch(r.req, {
          ...(graphqlParams ? { graphqlParams } : {}),
          magento: ctx,
          setOperation: r.setOperation,
          answer,
        } satisfies ServerContext);
        if (answer.status === 200 || res.status !== 200) return res;
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          headers[k] = v;
        });
        return new Response(await res.text(), { status: answer.status, headers });
      },
    };
  },
});
