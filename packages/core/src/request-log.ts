import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request's log line says beyond method, route and status. The gateway opens a record
 * per request; core (tenant, outcome) and the GraphQL kit (operation) fill it in as the request
 * passes through them, so no layer needs to hand log fields up to the one that logs. Only names,
 * kinds and counts go here: never a secret, an identifier value or any other personal data.
 */
export interface RequestLogFields {
  /** The authenticated credential's tenant slug. */
  tenant?: string;
  /** GraphQL: "<type> <operation name or root fields>"; tRPC: the procedure path. */
  operation?: string;
  /** A write's result: CREATED / UPDATED / NOOP / DELETED or an error kind; counts for batches. */
  outcome?: string | Record<string, number>;
  /** Why a request failed, when a layer knows (an error kind such as UNAUTHENTICATED). */
  error?: string;
}

const store = new AsyncLocalStorage<RequestLogFields>();

/** Runs `fn` with `fields` as the current request's record (the gateway's middleware). */
export function withRequestLog<T>(fields: RequestLogFields, fn: () => T): T {
  return store.run(fields, fn);
}

/** Adds to the current request's record; a no-op outside a request (tests, the CLI). */
export function annotateRequest(fields: RequestLogFields): void {
  const current = store.getStore();
  if (current) Object.assign(current, fields);
}

/** Counts outcomes into the current record: one outcome stays a string, several become counts. */
export function annotateOutcomes(outcomes: readonly string[]): void {
  const current = store.getStore();
  if (!current || outcomes.length === 0) return;
  const prev = current.outcome;
  if (outcomes.length === 1 && prev === undefined) {
    current.outcome = outcomes[0]!;
    return;
  }
  const counts: Record<string, number> =
    typeof prev === "string" ? { [prev]: 1 } : { ...(prev ?? {}) };
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  current.outcome = counts;
}
