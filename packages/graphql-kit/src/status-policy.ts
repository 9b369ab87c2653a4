import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * The HTTP status of a GraphQL response, as one vendor answers it. Yoga follows the
 * GraphQL-over-HTTP spec (the highest `extensions.http.status` an error carries; request errors 200
 * to `application/json` clients, 400 otherwise); vendors do not. Each dialect states its row here
 * and nothing else in an app touches the status of a GraphQL response.
 *
 * A row: `number` is always that status; `"carried"` is yoga's status (the highest an error
 * carries); `{ atLeast: n }` is yoga's status, but never below `n`.
 */
export type StatusRule = number | "carried" | { atLeast: number };

export interface StatusTable {
  /**
   * The operation never ran (no `data` in the result): syntax, validation, variables that do not
   * coerce, graphql-armor's limits, the query size cap, yoga's own request errors.
   */
  refused: StatusRule;
  /** The operation ran (`data` present, null included), with errors or without. */
  executed: StatusRule;
  /** Applied last, to whatever the rule gave (Shopify: a 400 is answered 200). */
  remap?: Readonly<Partial<Record<number, number>>>;
}

/** What the table decides for one result whose status yoga computed as `carried`. */
export function statusFor(table: StatusTable, result: ExecutionResult, carried: number): number {
  const rule = "data" in result ? table.executed : table.refused;
  const status =
    rule === "carried"
      ? carried
      : typeof rule === "number"
        ? rule
        : Math.max(rule.atLeast, carried);
  return table.remap?.[status] ?? status;
}

/**
 * The plugin createDialectYoga appends last: it notes the result as the other plugins left it,
 * and sets the status of the response yoga wrote for it. Responses yoga writes without a result
 * (404 off the endpoint, 406) are left as they are.
 */
export function statusPolicyPlugin(table: StatusTable): Plugin {
  const results = new WeakMap<Request, ExecutionResult>();
  return {
    onResultProcess({ request, result }) {
      if (!Array.isArray(result) && !(Symbol.asyncIterator in result))
        results.set(request, result as ExecutionResult);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const result = results.get(request);
      if (!result) return;
      results.delete(request);
      const status = statusFor(table, result, response.status);
      if (status !== response.status)
        setResponse(
          // The body as text: yoga's body stream is not one every server adapter can read.
          new fetchAPI.Response(await response.text(), { status, headers: response.headers }),
        );
    },
  };
}
