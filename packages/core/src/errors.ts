/** Expected failures are values. Each dialect maps these to its own error shape (apps/x/src/errors.ts). */
export const ErrorKind = {
  /** The input is malformed or breaks a rule; `fields` says where and why. */
  VALIDATION: "VALIDATION",
  /** An update-only call, or a read, named a customer (or group) that does not exist. */
  NOT_FOUND: "NOT_FOUND",
  /** The lookup identifiers belong to different customers: merging them is a human's call. */
  CONFLICT: "CONFLICT",
  /** A create-only call matched an existing customer. */
  ALREADY_EXISTS: "ALREADY_EXISTS",
  /** The idempotency key was used before with a different payload. */
  IDEMPOTENCY_MISMATCH: "IDEMPOTENCY_MISMATCH",
  /** No credential, or one that is unknown or revoked. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The credential lacks the scope, or belongs to another dialect or tenant. */
  FORBIDDEN: "FORBIDDEN",
  /** The caller exceeded its request budget. */
  RATE_LIMITED: "RATE_LIMITED",
  /**
   * A write that could not complete because others kept writing the same customer: it lost its
   * races (or the database refused it: serialization failure, deadlock, lock timeout) until its
   * retries ran out. Nothing of it was written; the same call, sent again later, may pass.
   */
  BUSY: "BUSY",
  /** Something unexpected; logged with details, shown to clients only as this kind. */
  INTERNAL: "INTERNAL",
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export const FieldCode = {
  /** Present but empty (or only white space) where a value is needed. */
  BLANK: "BLANK",
  /** Required and absent. */
  REQUIRED: "REQUIRED",
  /** Not of the expected form (email, phone, date, country…). */
  INVALID: "INVALID",
  /** Longer than the column or the vendor allows. */
  TOO_LONG: "TOO_LONG",
  /** Shorter than allowed. */
  TOO_SHORT: "TOO_SHORT",
  /** A unique identifier already belongs to another customer. */
  TAKEN: "TAKEN",
  /** Not one of the allowed values. */
  INCLUSION: "INCLUSION",
  /** A referenced record (group, address) does not exist. */
  NOT_FOUND: "NOT_FOUND",
} as const;
export type FieldCode = (typeof FieldCode)[keyof typeof FieldCode];

export type Path = readonly (string | number)[];

export interface FieldError {
  /** Canonical path (`["firstName"]`, `["addresses", 1, "zip"]`) or the dialect's own path when it supplied one. */
  path: Path;
  code: FieldCode;
  message: string;
  /** For identifier errors: which kind, so dialects can pick their specific code (e.g. Plain's customer_already_exists_with_email). */
  identifierKind?: string;
}

export interface DomainError {
  kind: ErrorKind;
  message: string;
  fields: FieldError[];
  /** CONFLICT: the customers the lookup matched. */
  customerIds?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(
  kind: ErrorKind,
  message: string,
  fields: FieldError[] = [],
  extra: Partial<DomainError> = {},
): Result<T> => ({
  ok: false,
  error: { kind, message, fields, ...extra },
});
export const invalid = <T = never>(fields: FieldError[]): Result<T> =>
  fail(ErrorKind.VALIDATION, fields.map((f) => f.message).join("; ") || "invalid input", fields);
