import { base64Cursor, type PageRules } from "@cg/graphql-kit";

/** Plain's pagination rules (graphql/pagination.mdx): default 25, max 100, `first` never with `before` (core's checkPageArgs). */
export const PAGE = { default: 25, max: 100 } as const;

/** The same for graphql-kit's paginator: strict arguments, Plain's `k:` cursors. */
export const PLAIN_PAGES: PageRules = {
  cursor: base64Cursor("k:"),
  defaultSize: PAGE.default,
  strict: { max: PAGE.max },
};
