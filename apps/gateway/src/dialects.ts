import type { DialectDeps, FetchHandler } from "@cg/core";

/**
 * Every dialect the gateway mounts: its URL prefix and how to build its fetch handler for that
 * prefix. A dialect app knows nothing of the gateway; this table is the only place they meet.
 */
export interface DialectMount {
  dialect: string;
  prefix: string;
  create(deps: DialectDeps): FetchHandler;
}

export const DIALECT_MOUNTS: DialectMount[] = [];
