import type { Logger } from "@cg/core";
import { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/** One graphql instance everywhere (vitest.config.ts resolves every import to the same build). */
export const isGraphQLError = (e: unknown): e is GraphQLError => e instanceof GraphQLError;

export interface MaskOptions {
  log: Logger;
  /** For the log line: "plain", "shopify"… */
  dialect: string;
  /** What the client reads instead of an unexpected error (the vendor's wording). */
  message: string;
  /** HTTP status of a response carrying a masked error; absent = yoga's (200 beside data). */
  status?: number;
  /** Adds `extensions.originalError.message` (development only). */
  verbose?: boolean;
}

/**
 * The one masking policy of every GraphQL dialect (yoga's `maskedErrors.maskError`): errors the
 * dialect or graphql-js raised on purpose (GraphQL errors not wrapping anything else) pass as
 * they are; anything else is logged and answered as INTERNAL_SERVER_ERROR with the vendor's
 * message, at the same path and locations, never with a stack or the cause's text (except
 * `verbose`).
 */
export function maskUnexpected(o: MaskOptions) {
  return (error: unknown): Error => {
    const located = isGraphQLError(error) ? error : undefined;
    if (located && (!located.originalError || isGraphQLError(located.originalError)))
      return located;
    const cause = located ? (located.originalError ?? located) : error;
    o.log.error({ err: cause }, `${o.dialect}: unexpected error`);
    return createGraphQLError(o.message, {
      nodes: located?.nodes,
      path: located?.path,
      extensions: {
        code: "INTERNAL_SERVER_ERROR",
        ...(o.status ? { http: { status: o.status } } : {}),
        ...(o.verbose
          ? { originalError: { message: cause instanceof Error ? cause.message : String(cause) } }
          : {}),
      },
    });
  };
}
