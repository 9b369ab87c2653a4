import type { DomainError, ErrorKind, FieldCode, FieldError, Path } from "@cg/core";
import type { Refusal, RefusalKind } from "@cg/dialect-kit";
import type { StatusTable } from "@cg/graphql-kit";
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import type { UserErrorShape } from "./schema/refs.ts";
import { resolveVersion } from "./versions.ts";

/** CustomerSetUserErrorCode values (anchors/shopify: admin-2025-10 subset). */
export type CustomerSetCode =
  | "BLANK"
  | "ID_NOT_ALLOWED"
  | "INCLUSION"
  | "INPUT_MISMATCH"
  | "INVALID"
  | "METAFIELD_MISMATCH"
  | "MISSING_FIELD_REQUIRED"
  | "NOT_FOUND"
  | "PRESENT"
  | "TAKEN"
  | "TOO_LONG"
  | "TOO_SHORT";

/** The one table: core field codes → Shopify userError codes. */
const FIELD_CODE: Record<FieldCode, CustomerSetCode> = {
  BLANK: "BLANK",
  REQUIRED: "BLANK",
  INVALID: "INVALID",
  TOO_LONG: "TOO_LONG",
  TOO_SHORT: "TOO_SHORT",
  TAKEN: "TAKEN",
  INCLUSION: "INCLUSION",
  NOT_FOUND: "NOT_FOUND",
};

/**
 * Core error kinds → what Shopify answers. "user" kinds become userErrors in the payload (HTTP 200);
 * "graphql" kinds become top-level GraphQL errors with Shopify's extensions.code.
 */
const KIND: Record<ErrorKind, { user: CustomerSetCode } | { graphql: string; message?: string }> = {
  VALIDATION: { user: "INVALID" },
  NOT_FOUND: { user: "NOT_FOUND" },
  CONFLICT: { user: "TAKEN" },
  ALREADY_EXISTS: { user: "TAKEN" },
  IDEMPOTENCY_MISMATCH: { user: "INVALID" },
  UNAUTHENTICATED: { graphql: "ACCESS_DENIED" },
  FORBIDDEN: { graphql: "ACCESS_DENIED" },
  RATE_LIMITED: { graphql: "THROTTLED", message: "Throttled" },
  // Shopify's top-level codes are ACCESS_DENIED, SHOP_INACTIVE, THROTTLED (the cost bucket: its
  // clients wait for extensions.cost to refill, which would not help here) and
  // INTERNAL_SERVER_ERROR, which Shopify documents as safe to retry: the closest to "this
  // customer is busy, send it again". Our message says so.
  BUSY: {
    graphql: "INTERNAL_SERVER_ERROR",
    message: "Too much contention on this customer; try again.",
  },
  INTERNAL: {
    graphql: "INTERNAL_SERVER_ERROR",
    message: "Internal error. Looks like something went wrong on our end.",
  },
};

const LABEL: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  note: "Note",
  locale: "Locale",
  tags: "Tags",
  email: "Email",
  phone: "Phone",
  address1: "Address1",
  address2: "Address2",
  city: "City",
  company: "Company",
  zip: "Zip",
  province: "Province",
  provinceCode: "Province code",
  country: "Country",
  countryCode: "Country code",
};

/** Core paths (["onCreate","firstName"]) → Shopify fields (["input","firstName"]); numbers as strings. */
export function shopifyField(path: Path): string[] {
  const [head, ...rest] = path;
  const p =
    head === "onCreate" || head === "onUpdate"
      ? ["input", ...rest]
      : head === "lookup"
        ? ["identifier", ...rest.slice(1)]
        : path;
  return p.map(String);
}

function message(f: FieldError): string {
  const last = [...f.path].reverse().find((x) => typeof x === "string") as string | undefined;
  const label = (last && LABEL[last]) ?? null;
  if (f.code === "TOO_LONG" && label)
    return f.message.replace(/^\S+ is too long/, `${label} is too long`);
  if (f.code === "BLANK" && label) return `${label} can't be blank`;
  return f.message;
}

/** A core failure as Shopify userErrors (codes kept for customerSet; UserError drops them). */
export function userErrors(e: DomainError, where: { notFound?: string[] } = {}): UserErrorShape[] {
  const k = KIND[e.kind];
  if ("graphql" in k) throw graphqlError(e);
  if (e.fields.length === 0) {
    if (e.kind === "NOT_FOUND")
      return [
        {
          field: where.notFound ?? ["id"],
          message: "Resource matching the identifier was not found.",
          code: "NOT_FOUND",
        },
      ];
    return [{ field: null, message: e.message, code: k.user }];
  }
  const seen = new Set<string>();
  const out: UserErrorShape[] = [];
  for (const f of e.fields) {
    // An empty path is about the input as a whole (Shopify's `field: null`).
    const u = {
      field: f.path.length ? shopifyField(f.path) : null,
      message: message(f),
      code: FIELD_CODE[f.code],
    };
    const key = `${u.field?.join(".")}|${u.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
}

export function graphqlError(e: Pick<DomainError, "kind" | "message">): GraphQLError {
  const k = KIND[e.kind];
  const code = "graphql" in k ? k.graphql : "BAD_REQUEST";
  return createGraphQLError(("graphql" in k && k.message) || e.message, { extensions: { code } });
}

/** Shopify's answer to a field the token's scopes do not cover. */
export function accessDenied(field: string, scope: string): GraphQLError {
  return createGraphQLError(
    `Access denied for ${field} field. Required access: \`${scope}\` access scope.`,
    {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: `\`${scope}\` access scope.`,
      },
    },
  );
}

/** Bodies Shopify sends outside GraphQL execution. */
export const HTTP_ERRORS = {
  unauthorized: {
    errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
  },
  notFound: { errors: "Not Found" },
  tooLarge: { errors: "Request body too large" },
  throttled: {
    message: "Throttled",
    extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
  },
} as const;

/**
 * The kit's refusals (before GraphQL runs) as Shopify's HTTP errors. Those after the version is
 * known (401, 413, 429) name the version served, as every Shopify response does.
 */
const REFUSALS: Record<RefusalKind, { status: number; body: unknown; versioned: boolean }> = {
  NOT_FOUND: { status: 404, body: HTTP_ERRORS.notFound, versioned: false },
  METHOD_NOT_ALLOWED: { status: 405, body: { errors: "Method Not Allowed" }, versioned: false },
  UNAUTHENTICATED: { status: 401, body: HTTP_ERRORS.unauthorized, versioned: true },
  FORBIDDEN: { status: 403, body: { errors: "Forbidden" }, versioned: true },
  TOO_LARGE: { status: 413, body: HTTP_ERRORS.tooLarge, versioned: true },
  // Before the request is parsed: no version is known.
  HEADERS_TOO_LARGE: {
    status: 431,
    body: { errors: "Request Header Fields Too Large" },
    versioned: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    body: { errors: "Unsupported Media Type" },
    versioned: true,
  },
  RATE_LIMITED: { status: 429, body: { errors: [HTTP_ERRORS.throttled] }, versioned: true },
  INTERNAL: {
    status: 500,
    body: {
      errors: [
        {
          message: "Internal error. Looks like something went wrong on our end.",
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ],
    },
    versioned: true,
  },
};

const VERSION_IN_PATH = /\/admin\/api\/([^/]+)\/graphql\.json\/?$/;

export function shopifyRefusal(r: Refusal, req: Request): Response {
  const row = REFUSALS[r.kind];
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    ...r.headers,
  };
  const m = row.versioned ? VERSION_IN_PATH.exec(new URL(req.url).pathname) : null;
  if (m)
    try {
      const served = resolveVersion(decodeURIComponent(m[1]!))?.served;
      if (served) headers["x-shopify-api-version"] = served;
    } catch {
      // A malformed version: no header.
    }
  return new Response(JSON.stringify(row.body), { status: row.status, headers });
}

/**
 * Shopify's HTTP statuses for GraphQL responses: GraphQL errors (syntax, validation, variables)
 * come in a 200 body, where yoga follows the GraphQL-over-HTTP spec (400); clients such as
 * @shopify/admin-api-client read only 2xx bodies. Other statuses an error carries (413 for an
 * over-long query, 405) stand.
 */
export const SHOPIFY_STATUS: StatusTable = {
  refused: "carried",
  executed: "carried",
  remap: { 400: 200 },
};
