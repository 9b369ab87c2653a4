import { isGraphQLError } from "@cg/graphql-kit";
import {
  type ASTVisitor,
  type GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { QueryErrorCode } from "./errors.ts";

/**
 * A copy of `e` carrying Plain's `extensions.code` (kept if already set unless `force`). The
 * status is the dialect's status table's (PLAIN_STATUS in errors.ts), not the error's.
 */
function withCode(e: GraphQLError, code: QueryErrorCode, force = false): GraphQLError {
  // Yoga attaches the JSON parser's error as `originalError`: not part of Plain's shape.
  const { originalError: _hidden, ...extensions } = e.extensions;
  return createGraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...extensions, code: force ? code : (e.extensions.code ?? code) },
  });
}

/** Yoga's own request errors (`BAD_REQUEST`: body not JSON, no query, variables not an object) in Plain's codes. */
const requestErrorCode = (e: GraphQLError): QueryErrorCode =>
  e.message.includes("invalid JSON") ? "GRAPHQL_PARSE_FAILED" : "BAD_USER_INPUT";

/**
 * Gives the errors graphql-js and graphql-armor raise before execution the codes Plain documents:
 * GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, and BAD_USER_INPUT for variables that do not
 * coerce (the status table answers them 400, the SDK's `bad_request`).
 */
export function plainErrorCodesPlugin<C extends Record<string, unknown>>(): Plugin<C> {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error)
          replaceParseResult(
            withCode(
              isGraphQLError(result) ? result : createGraphQLError(result.message),
              "GRAPHQL_PARSE_FAILED",
            ),
          );
      };
    },
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED")));
      };
    },
    // Two last fixes before the response is written: graphql-armor throws its rejections (cost,
    // depth, aliases…) past onValidate, so they arrive here without a code; and yoga's own
    // request errors (marked `spec`) say BAD_REQUEST, a code Plain does not use.
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
      const needsFix = (e: GraphQLError) =>
        e.extensions?.http?.spec ||
        e.extensions?.code === "BAD_REQUEST" ||
        (!e.extensions?.code && !e.path);
      if (!result.errors.some(needsFix)) return;
      const fix = (e: GraphQLError) =>
        e.extensions?.code === "BAD_REQUEST"
          ? withCode(e, requestErrorCode(e), true)
          : withCode(e, "GRAPHQL_VALIDATION_FAILED");
      setResult({ ...result, errors: result.errors.map((e) => (needsFix(e) ? fix(e) : e)) });
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          // No `data` at all means execution never started: the variables did not coerce.
          if (Symbol.asyncIterator in result) return;
          if (result.data === undefined && result.errors?.length)
            setResult({
              ...result,
              errors: result.errors.map((e) => withCode(e, "BAD_USER_INPUT")),
            });
        },
      };
    },
  };
}

/** What one mutation field costs, and the budget of one operation: aliases multiply mutations. */
export const MUTATION_COST = { perField: 100, max: 1000 } as const;

function rootResponseKeys(
  set: SelectionSetNode,
  ctx: ValidationContext,
  keys: Set<string>,
  seen: Set<string>,
): Set<string> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) keys.add(s.alias?.value ?? s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootResponseKeys(s.selectionSet, ctx, keys, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const f = ctx.getFragment(s.name.value);
      if (f) rootResponseKeys(f.selectionSet, ctx, keys, seen);
    }
  }
  return keys;
}

/** Each distinct root mutation field (an alias is a separate write) costs MUTATION_COST.perField. */
export function mutationCostRule(ctx: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(op) {
      if (op.operation !== "mutation") return;
      const cost =
        rootResponseKeys(op.selectionSet, ctx, new Set(), new Set()).size * MUTATION_COST.perField;
      if (cost > MUTATION_COST.max)
        ctx.reportError(
          createGraphQLError(
            `Mutation cost ${cost} exceeds the maximum of ${MUTATION_COST.max} (each mutation field, aliases included, costs ${MUTATION_COST.perField})`,
            { nodes: [op] },
          ),
        );
    },
  };
}

export function mutationCostPlugin<C extends Record<string, unknown>>(): Plugin<C> {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(mutationCostRule);
    },
  };
}
