import { checkPageArgs, FieldCode, type FieldError, type PageArgs } from "@cg/core";
import type { PageInfoShape } from "./schema/common.ts";

/** Plain's pagination rules (graphql/pagination.mdx): default 25, max 100, `first` never with `before` (core's checkPageArgs). */
export const PAGE = { default: 25, max: 100 } as const;

const cursorOf = (key: string) => Buffer.from(`k:${key}`).toString("base64url");
const keyOf = (cursor: string) => {
  const s = Buffer.from(cursor, "base64url").toString("utf8");
  return s.startsWith("k:") ? s.slice(2) : null;
};

/** Relay pagination over a small list already in memory (a customer's group memberships). */
export function paginateInMemory<T>(
  items: readonly T[],
  key: (t: T) => string,
  a: PageArgs,
):
  | { ok: true; edges: { cursor: string; node: T }[]; pageInfo: PageInfoShape }
  | { ok: false; errors: FieldError[] } {
  const errors = checkPageArgs(a, PAGE.max);
  const at = (cursor: string | null | undefined, field: "after" | "before") => {
    if (cursor == null) return undefined;
    const k = keyOf(cursor);
    const i = k === null ? -1 : items.findIndex((t) => key(t) === k);
    if (i < 0)
      errors.push({
        path: [field],
        code: FieldCode.INVALID,
        message: `${field} is not a valid cursor`,
      });
    return i;
  };
  const afterI = at(a.after, "after");
  const beforeI = at(a.before, "before");
  if (errors.length) return { ok: false, errors };
  let start = afterI !== undefined ? afterI + 1 : 0;
  let end = beforeI !== undefined ? beforeI : items.length;
  const backwards = a.last != null || (a.before != null && a.first == null);
  const size = a.first ?? a.last ?? PAGE.default;
  if (backwards) start = Math.max(start, end - size);
  else end = Math.min(end, start + size);
  const page = items.slice(start, Math.max(start, end));
  const edges = page.map((node) => ({ cursor: cursorOf(key(node)), node }));
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
