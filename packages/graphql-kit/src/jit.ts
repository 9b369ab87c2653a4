import {
  type ASTNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  locatedError,
  visit,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";

/**
 * Whether GraphQL dialects execute through graphql-jit (on unless `CG_GRAPHQL_JIT=off`). The
 * switch exists so that every dialect's tests can be run both ways (see ARCHITECTURE.md).
 */
export const jitEnabled = () => process.env.CG_GRAPHQL_JIT !== "off";

/** Documents compiled at most; each compiled query holds generated code (tens of kB). */
const MAX_COMPILED = 256;

type Compiled = CompiledQuery<unknown, Record<string, unknown>>;

/**
 * Executes queries with graphql-jit instead of yoga's executor, where the answer is the same:
 *
 * - Variables are coerced by graphql-js first (`getVariableValues`, what yoga's executor does):
 *   when that fails (a bad value, a `@oneOf` input given no field or two, which graphql-jit's own
 *   coercion lets through) the request goes to yoga's executor, which answers as it always did.
 * - Subscriptions, a missing or ambiguous operation and a document graphql-jit cannot compile go
 *   to yoga's executor too.
 * - Errors are rebuilt as graphql-js builds them (`toGraphQLErrors`), so that masking and the
 *   dialects' error rewriting see what they always saw.
 *
 * Compiled queries are kept per document object (yoga's byte-capped document cache hands out the
 * same object for the same text) in a small LRU, so neither memory nor compile time grows with
 * distinct queries; a document is compiled on its first execution (the armor limits bound its
 * size), so every test of a dialect runs through the compiled path.
 */
export function jitPlugin(opts: { onCompile?: (doc: DocumentNode) => void } = {}): Plugin {
  const compiled = new Map<DocumentNode, Map<string, Compiled | null>>();
  const compiledFor = (args: ExecutionArgs): Compiled | null => {
    const name = args.operationName ?? "";
    const byName = compiled.get(args.document);
    if (byName?.has(name)) {
      // Re-inserted on a hit: the first key of the Map is the least recently used.
      compiled.delete(args.document);
      compiled.set(args.document, byName);
      return byName.get(name) ?? null;
    }
    let c: Compiled | null = null;
    try {
      const out = compileQuery(args.schema, args.document, args.operationName ?? undefined, {
        disablingCapturingStackErrors: true,
      });
      c = isCompiledQuery(out) ? (out as Compiled) : null;
      if (c) opts.onCompile?.(args.document);
    } catch {
      c = null;
    }
    const m = byName ?? new Map<string, Compiled | null>();
    m.set(name, c);
    compiled.delete(args.document);
    compiled.set(args.document, m);
    if (compiled.size > MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    return c;
  };
  return {
    onExecute({ args, setExecuteFn }) {
      const op = getOperationAST(args.document, args.operationName ?? undefined);
      if (!op || op.operation === "subscription") return;
      const vars = getVariableValues(
        args.schema,
        op.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
        { maxErrors: 50 },
      );
      if (vars.errors) return;
      const c = compiledFor(args);
      if (!c) return;
      setExecuteFn((a: ExecutionArgs) => {
        const out = c.query(a.rootValue, a.contextValue, a.variableValues ?? {}) as
          | ExecutionResult
          | Promise<ExecutionResult>;
        return out instanceof Promise
          ? out.then((r) => toGraphQLErrors(r, a.document))
          : toGraphQLErrors(out, a.document);
      });
    },
  };
}

/** The document's nodes by where they start ("line:column"), the outermost first. */
const nodesAt = new WeakMap<DocumentNode, Map<string, ASTNode>>();
function nodeIndex(doc: DocumentNode): Map<string, ASTNode> {
  let m = nodesAt.get(doc);
  if (m) return m;
  const index = new Map<string, ASTNode>();
  visit(doc, {
    enter(node) {
      const t = node.loc?.startToken;
      if (t && !index.has(`${t.line}:${t.column}`)) index.set(`${t.line}:${t.column}`, node);
    },
  });
  m = index;
  nodesAt.set(doc, m);
  return m;
}

/**
 * graphql-jit's errors as graphql-js makes them. graphql-jit gives locations, no AST nodes, and
 * no `originalError` for the failures graphql-js raises itself; the dialects rebuild errors from
 * `nodes`/`source`/`positions` (yoga does too, to drop `extensions.http`), and masking decides on
 * `originalError`. So each error gets its field nodes back (found by location), a thrown error is
 * located as graphql-js locates it (`locatedError`), and of graphql-jit's own errors those that
 * graphql-js raises as GraphQLErrors (argument and built-in scalar errors) stay unwrapped while the
 * rest (a null in a non-null field, a wrong type from a resolver) wrap an Error as graphql-js's do,
 * so they are masked as before.
 */
function toGraphQLErrors(r: ExecutionResult, doc: DocumentNode): ExecutionResult {
  if (!r.errors?.length) return r;
  const index = nodeIndex(doc);
  const errors = r.errors.map((e) => {
    const nodes = (e.locations ?? [])
      .map((l) => index.get(`${l.line}:${l.column}`))
      .filter((n): n is ASTNode => n !== undefined);
    const path = e.path as (string | number)[] | undefined;
    if (e.originalError) return locatedError(e.originalError, nodes, path);
    const ours = /^Argument "|cannot represent/.test(e.message);
    return new GraphQLError(e.message, {
      nodes,
      path,
      ...(ours ? { extensions: e.extensions } : { originalError: new Error(e.message) }),
    });
  });
  return { ...r, errors };
}
