import { type DomainError, ErrorKind, FieldCode, type FieldError, type Path } from "@cg/core";
import type { Refusal, RefusalKind } from "@cg/dialect-kit";
import type { StatusTable } from "@cg/graphql-kit";
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * The one table from core failures to what Plain returns (anchors/plain/README.md "Error codes"):
 * mutations answer HTTP 200 with `error { message type code fields }`; queries answer with a
 * GraphQL error whose `extensions.code` is one of Plain's codes, and an HTTP status the SDK maps
 * to its own error types (401/403 → forbidden, 400 → bad_request, 500 → internal_server_error).
 */
export const MutationErrorType = {
  VALIDATION: "VALIDATION",
  FORBIDDEN: "FORBIDDEN",
  INTERNAL: "INTERNAL",
} as const;
export type MutationErrorType = keyof typeof MutationErrorType;
export const MutationFieldErrorType = {
  VALIDATION: "VALIDATION",
  REQUIRED: "REQUIRED",
  NOT_FOUND: "NOT_FOUND",
} as const;
export type MutationFieldErrorType = keyof typeof MutationFieldErrorType;

/** GraphQL error codes Plain documents (graphql/error-handling.mdx). */
export const QueryErrorCode = {
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type QueryErrorCode = keyof typeof QueryErrorCode;

export interface MutationFieldErrorShape {
  field: string;
  message: string;
  type: MutationFieldErrorType;
}
export interface MutationErrorShape {
  message: string;
  type: MutationErrorType;
  code: string;
  fields: MutationFieldErrorShape[];
}

interface Row {
  mutation: { type: MutationErrorType; code: string };
  query: { code: QueryErrorCode; status: number };
}

const ERRORS: Record<ErrorKind, Row> = {
  [ErrorKind.VALIDATION]: {
    mutation: { type: "VALIDATION", code: "input_validation" },
    query: { code: "BAD_USER_INPUT", status: 400 },
  },
  [ErrorKind.NOT_FOUND]: {
    mutation: { type: "VALIDATION", code: "not_found" },
    query: { code: "BAD_USER_INPUT", status: 400 },
  },
  // Plain's lookups take one identifier, so two customers cannot match; keep it a validation error.
  [ErrorKind.CONFLICT]: {
    mutation: { type: "VALIDATION", code: "input_validation" },
    query: { code: "BAD_USER_INPUT", status: 400 },
  },
  [ErrorKind.ALREADY_EXISTS]: {
    mutation: { type: "VALIDATION", code: "input_validation" },
    query: { code: "BAD_USER_INPUT", status: 400 },
  },
  [ErrorKind.IDEMPOTENCY_MISMATCH]: {
    mutation: { type: "VALIDATION", code: "input_validation" },
    query: { code: "BAD_USER_INPUT", status: 400 },
  },
  [ErrorKind.UNAUTHENTICATED]: {
    mutation: { type: "FORBIDDEN", code: "forbidden" },
    query: { code: "UNAUTHENTICATED", status: 401 },
  },
  [ErrorKind.FORBIDDEN]: {
    mutation: { type: "FORBIDDEN", code: "forbidden" },
    query: { code: "FORBIDDEN", status: 403 },
  },
  [ErrorKind.RATE_LIMITED]: {
    mutation: { type: "INTERNAL", code: "internal" },
    query: { code: "INTERNAL_SERVER_ERROR", status: 429 },
  },
  // Plain documents no contention code: its retryable failure on its own side is `internal`
  // (MutationErrorType INTERNAL; queries INTERNAL_SERVER_ERROR with 500, the SDK's
  // internal_server_error). 429 would tell the client its own rate was exceeded. The message says
  // to try again (it is not masked: nothing unexpected happened).
  [ErrorKind.BUSY]: {
    mutation: { type: "INTERNAL", code: "internal" },
    query: { code: "INTERNAL_SERVER_ERROR", status: 500 },
  },
  [ErrorKind.INTERNAL]: {
    mutation: { type: "INTERNAL", code: "internal" },
    query: { code: "INTERNAL_SERVER_ERROR", status: 500 },
  },
};

const FIELD_TYPES: Record<FieldCode, MutationFieldErrorType> = {
  [FieldCode.BLANK]: "REQUIRED",
  [FieldCode.REQUIRED]: "REQUIRED",
  [FieldCode.NOT_FOUND]: "NOT_FOUND",
  [FieldCode.INVALID]: "VALIDATION",
  [FieldCode.TOO_LONG]: "VALIDATION",
  [FieldCode.TOO_SHORT]: "VALIDATION",
  [FieldCode.TAKEN]: "VALIDATION",
  [FieldCode.INCLUSION]: "VALIDATION",
};

/** Plain's specific codes for a unique identifier that another customer owns. */
const TAKEN_CODES: Record<string, string> = {
  EMAIL: "customer_already_exists_with_email",
  EXTERNAL_ID: "customer_already_exists_with_external_id",
};

/** Core paths that differ from Plain's input names. */
const PATH_NAMES: Record<string, string> = {
  groups: "customerGroupIdentifiers",
  removeGroups: "customerGroupIdentifiers",
};

export type PathRename = (path: Path) => Path;

const fieldName = (path: Path, rename: PathRename) =>
  rename(path)
    .map((p) => (typeof p === "string" ? (PATH_NAMES[p] ?? p) : String(p)))
    .join(".");

/**
 * A core failure as Plain's MutationError. `notFoundField` names the input that identified the
 * customer, so a NOT_FOUND (which core reports without fields) points at it as Plain's do.
 */
export function toMutationError(
  e: DomainError,
  rename: PathRename = (p) => p,
  notFoundField?: string,
): MutationErrorShape {
  const row = ERRORS[e.kind];
  const taken = e.fields.find(
    (f) => f.code === FieldCode.TAKEN && f.identifierKind && TAKEN_CODES[f.identifierKind],
  );
  const fields = e.fields.map((f) => ({
    field: fieldName(f.path, rename),
    message: f.message,
    type: FIELD_TYPES[f.code],
  }));
  if (e.kind === ErrorKind.NOT_FOUND && !fields.length && notFoundField)
    fields.push({ field: notFoundField, message: e.message, type: "NOT_FOUND" });
  // Unexpected failures are logged by core; the client sees only the kind.
  const code = taken ? TAKEN_CODES[taken.identifierKind!]! : row.mutation.code;
  // Plain's generic validation message; the details are in `fields`.
  const message =
    e.kind === ErrorKind.INTERNAL
      ? "Internal server error"
      : code === "input_validation"
        ? "There was a validation error."
        : e.message;
  return { message, type: row.mutation.type, code, fields };
}

/** A validation failure found by the adapter itself, before core is called. */
export function inputError(fields: FieldError[], rename?: PathRename): MutationErrorShape {
  return toMutationError(
    { kind: ErrorKind.VALIDATION, message: fields.map((f) => f.message).join("; "), fields },
    rename,
  );
}

/** The mutation error for a credential without the permissions an operation needs. */
export function forbiddenMutation(missing: readonly string[]): MutationErrorShape {
  return { message: forbiddenMessage(missing), type: "FORBIDDEN", code: "forbidden", fields: [] };
}

/** Plain's wording (as in its SDK's tests): `Insufficient permissions, missing "customer:read".` */
export const forbiddenMessage = (missing: readonly string[]) =>
  `Insufficient permissions, missing ${missing.map((m) => `"${m}"`).join(", ")}.`;

/** A query failure as Plain returns it: a GraphQL error with `extensions.code` and an HTTP status. */
export function queryError(code: QueryErrorCode, message: string, status?: number): GraphQLError {
  const s = status ?? STATUS_BY_CODE[code];
  return createGraphQLError(message, { extensions: { code, http: { status: s } } });
}

const STATUS_BY_CODE: Record<QueryErrorCode, number> = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * The kit's refusals (before GraphQL runs) as Plain answers them: an error-only body with one of
 * Plain's codes and the status its SDK maps (401 → forbidden, 400 → bad_request…). An oversized
 * body is Plain's 400 BAD_USER_INPUT.
 */
const REFUSALS: Record<RefusalKind, { code: QueryErrorCode; status: number; message: string }> = {
  NOT_FOUND: { code: "BAD_USER_INPUT", status: 404, message: "Not found" },
  METHOD_NOT_ALLOWED: { code: "BAD_USER_INPUT", status: 405, message: "Method not allowed" },
  UNAUTHENTICATED: {
    code: "UNAUTHENTICATED",
    status: 401,
    message: "Authentication failed. Please check the provided API key.",
  },
  FORBIDDEN: { code: "FORBIDDEN", status: 403, message: "Insufficient permissions." },
  TOO_LARGE: { code: "BAD_USER_INPUT", status: 400, message: "Request body is too large" },
  HEADERS_TOO_LARGE: {
    code: "BAD_USER_INPUT",
    status: 431,
    message: "Request header fields too large",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: "BAD_USER_INPUT",
    status: 415,
    message: "Unsupported content type",
  },
  RATE_LIMITED: { code: "INTERNAL_SERVER_ERROR", status: 429, message: "Too many requests" },
  INTERNAL: { code: "INTERNAL_SERVER_ERROR", status: 500, message: "Internal server error" },
};

export function plainRefusal(r: Refusal): Response {
  const row = REFUSALS[r.kind];
  // The kit's own wording where it says more (the byte cap, missing scopes); never for INTERNAL.
  const message = r.kind !== "INTERNAL" && r.message ? r.message : row.message;
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: row.code } }] }), {
    status: row.status,
    headers: { "content-type": "application/json; charset=utf-8", ...r.headers },
  });
}

export function toQueryError(e: DomainError): GraphQLError {
  const row = ERRORS[e.kind];
  return queryError(
    row.query.code,
    e.kind === ErrorKind.INTERNAL ? "Internal server error" : e.message,
    row.query.status,
  );
}

/**
 * Plain's HTTP statuses: a request that never runs (syntax, validation, variables, limits) is 400,
 * which its SDK reads as `bad_request`, whatever the client accepts (yoga would answer 200 to
 * `application/json`); a larger status an error carries (413 for an over-long query) stands. An
 * operation that ran answers the status its errors carry (queryError: 401, 403, 429, 500…).
 */
export const PLAIN_STATUS: StatusTable = { refused: { atLeast: 400 }, executed: "carried" };
