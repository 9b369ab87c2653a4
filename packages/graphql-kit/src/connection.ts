import { checkPageArgs, FieldCode, type FieldError, type PageArgs } from "@cg/core";

export type { PageArgs } from "@cg/core";

/** Relay's PageInfo, as every GraphQL dialect serves it. */
export interface PageInfoShape {
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export const emptyPageInfo: PageInfoShape = {
  hasPreviousPage: false,
  hasNextPage: false,
  startCursor: null,
  endCursor: null,
};

/** A Relay connection's shape. */
export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
}

/** A vendor's cursor: how an item's key is written and read back (null: not a cursor of ours). */
export interface CursorCodec {
  encode(key: string): string;
  decode(cursor: string): string | null;
}

/** base64url of the key, optionally behind a tag ("k:" → Plain's cursors). */
export const base64Cursor = (tag = ""): CursorCodec => ({
  encode: (key) => Buffer.from(`${tag}${key}`).toString("base64url"),
  decode: (cursor) => {
    const s = Buffer.from(cursor, "base64url").toString("utf8");
    return s.startsWith(tag) ? s.slice(tag.length) : null;
  },
});

/** A vendor's paging rules. */
export interface PageRules {
  cursor: CursorCodec;
  /** Page size without first/last; absent: the whole window. */
  defaultSize?: number;
  /**
   * Strict (Plain): the arguments are checked (core's checkPageArgs up to `max`) and an unknown
   * cursor is an error. Lenient (Shopify): an unknown cursor bounds nothing, sizes are clamped.
   */
  strict?: { max: number };
}

/**
 * The one Relay paginator over a list already in memory (a customer's addresses, memberships,
 * metafields): the window between `after` and `before`, then `first` from its start and `last`
 * from its end (`reverse` reads the list backwards first).
 */
export function paginateInMemory<T>(
  all: readonly T[],
  key: (t: T) => string,
  a: PageArgs & { reverse?: boolean | null | undefined },
  rules: PageRules,
): ({ ok: true } & ConnectionShape<T>) | { ok: false; errors: FieldError[] } {
  const items = a.reverse ? [...all].reverse() : all;
  const errors = rules.strict ? checkPageArgs(a, rules.strict.max) : [];
  const at = (cursor: string | null | undefined, field: "after" | "before") => {
    if (cursor == null || (cursor === "" && !rules.strict)) return undefined;
    const k = rules.cursor.decode(cursor);
    const i = k === null ? -1 : items.findIndex((t) => key(t) === k);
    if (i >= 0) return i;
    if (rules.strict)
      errors.push({
        path: [field],
        code: FieldCode.INVALID,
        message: `${field} is not a valid cursor`,
      });
    return undefined;
  };
  const afterI = at(a.after, "after");
  const beforeI = at(a.before, "before");
  if (errors.length) return { ok: false, errors };
  let start = afterI !== undefined ? afterI + 1 : 0;
  let end = beforeI !== undefined ? beforeI : items.length;
  // Backwards without a size (`before` alone) takes the default size from the end.
  const backwards = a.last != null || (a.before != null && a.first == null);
  const first = a.first ?? (backwards ? undefined : rules.defaultSize);
  const last = a.last ?? (backwards && a.first == null ? rules.defaultSize : undefined);
  if (first != null) end = Math.min(end, start + Math.max(0, first));
  if (last != null) start = Math.max(start, end - Math.max(0, last));
  const edges = items
    .slice(start, Math.max(start, end))
    .map((node) => ({ cursor: rules.cursor.encode(key(node)), node }));
  return {
    ok: true,
    edges,
    pageInfo: {
      hasPreviousPage: start > 0,
      hasNextPage: end < items.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
