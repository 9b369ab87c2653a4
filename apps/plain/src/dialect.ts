import { bearerToken, type Customer } from "@cg/core";
import { DEFAULT_MAX_BODY_BYTES, defineDialect } from "@cg/dialect-kit";
import {
  createDialectYoga,
  createPresenter,
  type GraphQLLimits,
  jsonParams,
  maskUnexpected,
  type PreParsed,
} from "@cg/graphql-kit";
import type { YogaInitialContext } from "graphql-yoga";
import { createPlainContext, type PlainContext } from "./context.ts";
import { PLAIN_STATUS, plainRefusal, queryError } from "./errors.ts";
import { mutationCostPlugin, plainErrorCodesPlugin } from "./graphql-plugins.ts";
import { plainSchema } from "./schema/index.ts";
import { PLAIN_SCOPES } from "./scopes.ts";

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

type Extras = { ctx: PlainContext } & PreParsed;

/**
 * Plain's Core GraphQL API for customers: POST {root}/graphql/v1 with `Authorization: Bearer`.
 * The schema and the yoga instance are built once, in setup.
 */
export const plainDialect = defineDialect({
  name: "plain",
  prefix: "/plain",
  standalonePort: 4101,
  scopes: PLAIN_SCOPES,
  bodyLimit: MAX_BODY_BYTES,
  routes: [{ name: "graphql", methods: ["GET", "POST"], path: "/graphql/v1", auth: "required" }],
  refuse: plainRefusal,
  endpoints: () => [{ label: "Plain Core API", path: "/graphql/v1", graphiql: true }],
  setup(deps, { root }) {
    const development = deps.development;
    const schema = plainSchema();
    const present = createPresenter<Customer, PlainContext>(schema, "Customer");
    const yoga = createDialectYoga<PlainContext>({
      schema,
      graphqlEndpoint: `${root}/graphql/v1`,
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
      status: PLAIN_STATUS,
      context: (initial: YogaInitialContext) => (initial as YogaInitialContext & Extras).ctx,
      maskError: {
        maskError: maskUnexpected({
          log: deps.log,
          dialect: "plain",
          message: "Internal server error",
          status: 500,
          verbose: development,
        }),
      },
      plugins: [
        plainErrorCodesPlugin<Record<string, unknown> & PlainContext>(),
        mutationCostPlugin<Record<string, unknown> & PlainContext>(),
      ],
    });
    return {
      present: (customer, viewer) =>
        present(customer, createPlainContext(deps.core, deps.log, viewer)),
      // GraphiQL's page (development only) needs no key.
      checkRoute: ({ req }) =>
        development &&
        req.method === "GET" &&
        (req.headers.get("accept") ?? "").includes("text/html")
          ? yoga.fetch(req)
          : undefined,
      async authenticate(req) {
        const secret = bearerToken(req.headers.get("authorization"));
        return secret ? deps.core.authenticate(secret) : null;
      },
      async serve(r) {
        // The kit authenticated the request; reaching here without a principal is a bug.
        if (!r.principal) throw queryError("UNAUTHENTICATED", "Authentication required");
        const extras: Extras = { ctx: createPlainContext(deps.core, deps.log, r.principal) };
        // The body is read already: a JSON object goes to yoga as parsed params (no second
        // parse, no new Request); anything else is re-wrapped for yoga's own parser and errors.
        const params = jsonParams(r.req, r.body);
        if (params) extras.graphqlParams = params;
        const forward =
          params || r.body === null
            ? r.req
            : new Request(r.req.url, {
                method: r.req.method,
                headers: r.req.headers,
                body: r.body,
              });
        return yoga.fetch(forward, extras as unknown as Record<string, unknown>);
      },
    };
  },
});
