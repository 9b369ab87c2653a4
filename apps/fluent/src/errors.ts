import { type DomainError, ErrorKind, FieldCode, type Path } from "@cg/core";
import type { StatusTable } from "@cg/graphql-kit";
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * The one table from core failures to Fluent's GraphQL error codes (anchors/fluent/README.md
 * "Errors"; format `<C|S|T><4 digits><E|W>`, read by fc-connect-sdk's classifier from
 * `extensions.code` or the message). Fluent answers them as top-level `errors[]` with HTTP 200:
 * its client reads `errors[]` on a 200 only.
 */
export const FluentCode = {
  /** Query complexity above the cap (11,111). */
  COMPLEXITY: "C0001E",
  /** Rate limited (the SDK retries after 60 s). */
  RATE_LIMITED: "C0011E",
  /** The user lacks a permission the operation needs. */
  PERMISSION: "C0020E",
  /** A referenced entity (customer, retailer) does not exist. */
  NOT_FOUND: "C0120E",
  /** A unique constraint would be violated (a second customer with one username). */
  UNIQUE: "C0123E",
  /** A required variable or value is missing or not of its type. */
  MISSING: "C0140E",
  /** A value is longer than its field's maximum. */
  TOO_LONG: "C0141E",
  /** An unexpected server failure (logged, masked). */
  SERVER: "S0002E",
} as const;
export type FluentCode = (typeof FluentCode)[keyof typeof FluentCode];

const ERRORS: Record<ErrorKind, FluentCode> = {
  // Refined per field below (FIELD_CODES).
  [ErrorKind.VALIDATION]: FluentCode.MISSING,
  [ErrorKind.NOT_FOUND]: FluentCode.NOT_FOUND,
  // A username lookup names one customer; two would be a unique-constraint matter too.
  [ErrorKind.CONFLICT]: FluentCode.UNIQUE,
  [ErrorKind.ALREADY_EXISTS]: FluentCode.UNIQUE,
  [ErrorKind.IDEMPOTENCY_MISMATCH]: FluentCode.UNIQUE,
  // Never reaches a resolver (the pipeline answers 401 first); kept total.
  [ErrorKind.UNAUTHENTICATED]: FluentCode.PERMISSION,
  [ErrorKind.FORBIDDEN]: FluentCode.PERMISSION,
  [ErrorKind.RATE_LIMITED]: FluentCode.RATE_LIMITED,
  // Fluent documents no contention code: an `S…` server error (fc-connect-sdk's classifier reads
  // it as the server's side, not the request's) with core's "try again" message. C0011E would
  // make the SDK wait 60 s, a rate limit's pause, for what is usually gone in milliseconds.
  [ErrorKind.BUSY]: FluentCode.SERVER,
  [ErrorKind.INTERNAL]: FluentCode.SERVER,
};

const FIELD_CODES: Record<FieldCode, FluentCode> = {
  [FieldCode.BLANK]: FluentCode.MISSING,
  [FieldCode.REQUIRED]: FluentCode.MISSING,
  [FieldCode.INVALID]: FluentCode.MISSING,
  [FieldCode.TOO_LONG]: FluentCode.TOO_LONG,
  [FieldCode.TOO_SHORT]: FluentCode.MISSING,
  [FieldCode.TAKEN]: FluentCode.UNIQUE,
  [FieldCode.INCLUSION]: FluentCode.MISSING,
  [FieldCode.NOT_FOUND]: FluentCode.NOT_FOUND,
};

/** A Fluent GraphQL error: `message` says what, `extensions.code` is Fluent's code. */
export function fluentError(code: FluentCode, message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code } });
}

// By name: graphql-yoga and graphql-js may each bring their own copy of the class.
export const isGraphQLError = (e: unknown): e is GraphQLError =>
  e instanceof Error && e.name === "GraphQLError";

/**
 * A core failure as a Fluent error. `rename` turns core paths (["onCreate", "firstName"]) into
 * the vendor's (["input", "firstName"]) where the translator could not give its own.
 */
export function toFluentError(e: DomainError, rename: (p: Path) => Path): GraphQLError {
  const field = e.fields[0];
  if (!field) return fluentError(ERRORS[e.kind], e.message);
  const code = e.kind === ErrorKind.VALIDATION ? FIELD_CODES[field.code] : ERRORS[e.kind];
  const detail = e.fields.map((f) => `${rename(f.path).join(".")}: ${f.message}`).join("; ");
  return fluentError(code, detail);
}

/** RFC 6749 §5.2 errors of `POST /oauth/token`, with the HTTP status Fluent answers each with. */
export const OAuthError = {
  /** A parameter is missing, repeated or malformed. */
  invalid_request: 400,
  /** Unknown client id, or the wrong secret. */
  invalid_client: 401,
  /** Wrong username or password, or a refresh token that is not live (used, expired, revoked). */
  invalid_grant: 400,
  /** A grant type Fluent does not offer. */
  unsupported_grant_type: 400,
  /** A scope other than `api`. */
  invalid_scope: 400,
} as const satisfies Record<string, number>;
export type OAuthError = keyof typeof OAuthError;

/** The token endpoint's error body: `{ error, error_description }`. */
export const oauthError = (error: OAuthError, description: string): Response =>
  Response.json(
    { error, error_description: description },
    { status: OAuthError[error], headers: { "cache-control": "no-store" } },
  );

/**
 * Fluent's HTTP statuses for GraphQL responses: every GraphQL error leaves with 200, refused
 * (syntax, variables, complexity) or not, since fc-connect-sdk reads `errors[]` only on a 200.
 */
export const FLUENT_STATUS: StatusTable = { refused: 200, executed: 200 };
