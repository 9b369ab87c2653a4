import { type DomainError, ErrorKind } from "@cg/core";
import type { StatusTable } from "@cg/graphql-kit";
import { GraphQLError } from "graphql";

/** Magento's `extensions.category` values (framework/GraphQl/Exception/*). */
export type Category =
  | "graphql"
  | "graphql-input"
  | "graphql-authorization"
  | "graphql-authentication"
  | "graphql-no-such-entity"
  | "graphql-already-exists"
  | "internal";

/**
 * Every error this dialect answers with: Magento's exact text (`%1` filled in order) and category,
 * from ../../shared/anchors/magento/errors.md (2.4.7-p3 file:line there). The one place they live.
 */
export const MAGENTO_ERRORS = {
  /** No customer behind the request (guest; on 2.4.7 also a bad token). Customer.php:57 & co. */
  NOT_AUTHORIZED: ["graphql-authorization", "The current customer isn't authorized."],
  /**
   * 2.4.8+ CustomerGraphQl/Controller/HttpRequestValidator/AuthorizationRequestValidator: a present
   * Bearer token that does not read or validate is refused before execution with a
   * GraphQlAuthenticationException carrying the reader's or validator's own message. A token no
   * reader reads (unknown, another store's): Integration's CompositeTokenReader.
   */
  TOKEN_REFUSED: ["graphql-authentication", "Composite reader could not read a token"],
  /** Expired: Integration/Model/UserToken/ExpirationValidator. */
  TOKEN_EXPIRED: ["graphql-authentication", "Consumer key has expired"],
  /** Revoked (revokeCustomerToken, a password change): JwtUserToken/Model/RevokedValidator. */
  TOKEN_REVOKED: ["graphql-authentication", "User token has been revoked"],
  /** StoreGraphQl StoreValidator: a Store header naming no store. */
  STORE_NOT_FOUND: ["graphql-input", "Requested store is not found"],
  /** ContentTypeValidator: a POST that is not JSON. */
  CONTENT_TYPE: ["graphql-input", "Request content type must be application/json"],
  INPUT_MISSING: ["graphql-input", '"input" value should be specified'],
  TOKEN_EMAIL_MISSING: ["graphql-input", 'Specify the "email" value.'],
  TOKEN_PASSWORD_MISSING: ["graphql-input", 'Specify the "password" value.'],
  /** Any failed sign-in (wrong email or password, locked): deliberately generic. */
  SIGN_IN_FAILED: [
    "graphql-authentication",
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
  ],
  /** A password check (email or password change) on a locked account. */
  ACCOUNT_LOCKED: ["graphql-authentication", "The account is locked."],
  /** A wrong current password (CheckCustomerPassword). */
  INVALID_LOGIN: ["graphql-authentication", "Invalid login or password."],
  REQUIRED_MISSING: ["graphql-input", "Required parameters are missing: %1"],
  EMAIL_INVALID: ["graphql-input", '"%1" is not a valid email address.'],
  GENDER_INVALID: ["graphql-input", '"%1" is not a valid gender value.'],
  /** Duplicate (email, website) on create: rewrapped as input (CreateCustomerAccount.php:93). */
  EMAIL_TAKEN_ON_CREATE: [
    "graphql-input",
    "A customer with the same email address already exists in an associated website.",
  ],
  /** Duplicate on an email change: SaveCustomer.php:47 raises it as already-exists. */
  EMAIL_TAKEN_ON_CHANGE: [
    "graphql-already-exists",
    "A customer with the same email address already exists in an associated website.",
  ],
  PASSWORD_TOO_SHORT: [
    "graphql-input",
    "The password needs at least %1 characters. Create a new password and try again.",
  ],
  PASSWORD_TOO_LONG: ["graphql-input", "Please enter a password with at most %1 characters."],
  PASSWORD_EDGE_SPACE: [
    "graphql-input",
    "The password can't begin or end with a space. Verify the password and try again.",
  ],
  PASSWORD_CLASSES: [
    "graphql-input",
    "Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.",
  ],
  PASSWORD_IS_EMAIL: [
    "graphql-input",
    "The password can't be the same as the email address. Create a new password and try again.",
  ],
  PASSWORD_FOR_EMAIL: ["graphql-input", 'Provide the current "password" to change "email".'],
  CURRENT_PASSWORD_MISSING: ["graphql-input", 'Specify the "currentPassword" value.'],
  NEW_PASSWORD_MISSING: ["graphql-input", 'Specify the "newPassword" value.'],
  /** A token whose customer is gone (GetCustomer.php:75). */
  CUSTOMER_NOT_FOUND: ["graphql-no-such-entity", 'Customer with id "%1" does not exist.'],
  IS_EMAIL_MISSING: ["graphql-input", "Email must be specified"],
  IS_EMAIL_INVALID: ["graphql-input", "Email is invalid"],
  ADDRESS_ID_MISSING: ["graphql-input", 'Address "id" value must be specified'],
  ADDRESS_NOT_FOUND: ["graphql-no-such-entity", 'Could not find a address with ID "%1"'],
  ADDRESS_DEFAULT_BILLING: [
    "graphql-input",
    "Customer Address %1 is set as default billing address and can not be deleted",
  ],
  ADDRESS_DEFAULT_SHIPPING: [
    "graphql-input",
    "Customer Address %1 is set as default shipping address and can not be deleted",
  ],
  REGION_ID_REQUIRED: ["graphql-input", "A region_id is required for the specified country code"],
  REGION_NOT_IN_COUNTRY: [
    "graphql-input",
    "The specified region is not a part of the selected country or region",
  ],
  REGION_ID_MISMATCH: [
    "graphql-input",
    "The region_id does not match the selected country or region",
  ],
  /** Magento's "street lines" limit (customer/address/street_lines, default 2). */
  STREET_LINES: ["graphql-input", '"Street Address" cannot contain more than %1 lines.'],
  /** Ours: address custom attributes, which the canonical address has no place for (README). */
  NOT_STORED: ["graphql-input", '"%1" is not supported by this store.'],
  /** Ours: a value core refuses (too long, not a date…), worded by core, with Magento's field. */
  INVALID_VALUE: ["graphql-input", "%1"],
  /** DirectoryGraphQl: a country id that is not among the store's countries. */
  COUNTRY_NOT_AVAILABLE: ["graphql-no-such-entity", "The country isn't available."],
  INTERNAL: ["internal", "Internal server error"],
} as const satisfies Record<string, readonly [Category, string]>;

export type MagentoErrorCase = keyof typeof MAGENTO_ERRORS;

export function magentoMessage(c: MagentoErrorCase, ...args: (string | number)[]): string {
  let i = 0;
  return MAGENTO_ERRORS[c][1].replace(/%1/g, () => String(args[i++] ?? ""));
}

/** The error a resolver throws: Magento's message and category (HTTP 200, data.<field> null). */
export function magentoError(c: MagentoErrorCase, ...args: (string | number)[]): GraphQLError {
  return new GraphQLError(magentoMessage(c, ...args), {
    extensions: { category: MAGENTO_ERRORS[c][0] },
  });
}

/** The body Magento answers with when a request validator refuses before execution. */
export function errorBody(c: MagentoErrorCase, ...args: (string | number)[]) {
  return {
    errors: [
      { message: magentoMessage(c, ...args), extensions: { category: MAGENTO_ERRORS[c][0] } },
    ],
  };
}

/** Core's failure kinds as Magento errors where no operation-specific case applies. */
const BY_KIND: Record<ErrorKind, MagentoErrorCase> = {
  [ErrorKind.VALIDATION]: "INVALID_VALUE",
  [ErrorKind.NOT_FOUND]: "CUSTOMER_NOT_FOUND",
  [ErrorKind.CONFLICT]: "EMAIL_TAKEN_ON_CHANGE",
  [ErrorKind.ALREADY_EXISTS]: "EMAIL_TAKEN_ON_CREATE",
  [ErrorKind.IDEMPOTENCY_MISMATCH]: "INTERNAL",
  [ErrorKind.UNAUTHENTICATED]: "NOT_AUTHORIZED",
  [ErrorKind.FORBIDDEN]: "NOT_AUTHORIZED",
  [ErrorKind.RATE_LIMITED]: "SIGN_IN_FAILED",
  // Magento retries a deadlocked save itself and, when that fails too, lets the exception out of
  // the resolver: category `internal`, "Internal server error" (errors.md, "anything else"),
  // HTTP 200. No other documented shape says "try again".
  [ErrorKind.BUSY]: "INTERNAL",
  [ErrorKind.INTERNAL]: "INTERNAL",
};

/**
 * A core failure as the Magento error a client sees. A taken email is the create or the change
 * message by `emailTaken`; a validation error names Magento's field (its path's first segment).
 */
export function fromDomain(
  e: DomainError,
  o: { emailTaken: "EMAIL_TAKEN_ON_CREATE" | "EMAIL_TAKEN_ON_CHANGE"; customerId?: string },
): GraphQLError {
  if (e.kind === ErrorKind.ALREADY_EXISTS || e.kind === ErrorKind.CONFLICT)
    return magentoError(o.emailTaken);
  if (e.kind === ErrorKind.VALIDATION) {
    if (e.fields.some((f) => f.code === "TAKEN")) return magentoError(o.emailTaken);
    const f = e.fields[0];
    if (f) return magentoError("INVALID_VALUE", `${f.path.join(".")}: ${f.message}`);
  }
  const c = BY_KIND[e.kind];
  return c === "CUSTOMER_NOT_FOUND"
    ? magentoError(c, o.customerId ?? "")
    : c === "INVALID_VALUE"
      ? magentoError(c, e.message)
      : magentoError(c);
}

/**
 * Magento's HTTP statuses for GraphQL responses (anchors errors.md, 2.4.7-p3 GraphQl.php:184-214):
 * resolver errors come back with 200; what stops the request before execution (parse errors,
 * schema validation, variables, limits) is ExceptionFormatter::HTTP_GRAPH_QL_SCHEMA_ERROR_STATUS,
 * 500.
 */
export const MAGENTO_STATUS: StatusTable = { refused: 500, executed: 200 };
