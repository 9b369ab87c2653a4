import { type DomainError, ErrorKind, FieldCode, type FieldError } from "@cg/core";
import { type Refusal, RefusalKind } from "@cg/dialect-kit";

/**
 * The one table from core failures and pipeline refusals to Capillary's codes and texts
 * (../shared/anchors/capillary/error-codes.md). Item-level errors and warnings are
 * `{status:false, code, message}`; request-level errors answer an HTTP status with
 * `{"errors":[{status:false, code, message}], "warnings":[]}`.
 */
export interface CapMessage {
  status: false;
  code: number;
  message: string;
}

/** The documented texts (C3/C4; "{0}" filled in by `msg`). */
export const TEXTS = {
  400: "Invalid input",
  401: "Authentication failed. Please check username and password.",
  403: "Access denied",
  404: "Incorrect resource or resource not found",
  405: "The operation is not supported for the resource.",
  413: "Request entity too large",
  431: "Request header fields too large",
  415: "Unsupported media type. Content-Type must be application/json",
  429: "Rate limit exceeded",
  500: "Requests have failed due to errors.",
  521: "Multiple actions are running for the same customer. Please try after some time.",
  1060: "Batch limit size exceeded.",
  1061: "X-CAP-API-ATTRIBUTION-LOOKUP-TYPE header required with X-CAP-API-ATTRIBUTION-LOOKUP header",
  3017: "Status label invalid",
  8001: "Lookup failed, No source passed",
  8002: "Lookup failed, No identifiers passed",
  8003: "Invalid source passed",
  8004: "Add failed, No source passed",
  8005: "Add failed, No valid identifiers passed",
  8006: "Add failed, Customer already exists with id {0} for same source",
  8007: "Update failed, Customer already exists for same source",
  8008: "Update failed, Same source different profile found for given identifiers",
  8009: "Update failed, Customer not found",
  8010: "Invalid communication channel passed",
  8013: "Lookup, Invalid identifier passed",
  8014: "Error in customer registration: Invalid Primary Id - {0}",
  8015: "Customer not found for the given identifiers",
  8017: "Error in customer registration: Invalid registration date",
  8045: "Account id is not passed",
  8050: "Same Customer found in other sources,Combining",
  8051: "Same Customer found in other sources,Merging with userId {0}",
  8052: "Add customer, Conflicting Customers found",
  8053: "Update customer, Conflicting Customers found",
  8055: "Invalid email id",
  8056: "Invalid mobile",
  8057: "Invalid email id in comm channel",
  8058: "Invalid mobile in comm channel",
  8070: "No valid change identifiers detected",
  8084: "Customer details not sent",
  10001: "Failed to add customer.",
  10002: "Failed to update customer details.",
} as const;
export type CapCode = keyof typeof TEXTS;

export const msg = (code: CapCode, arg?: string | number): CapMessage => ({
  status: false,
  code,
  message: TEXTS[code].replace("{0}", arg === undefined ? "" : String(arg)),
});

/** The vendor operation an item belongs to: some failures have a code per operation. */
export type Operation = "upsert" | "add" | "update" | "changeIdentifier" | "lookup" | "get";

interface Row {
  /** Item code per operation. */
  code: Record<Operation, CapCode>;
  /** HTTP status when a single-customer API answers with this failure. */
  status: number;
}

const all = (code: CapCode): Record<Operation, CapCode> => ({
  upsert: code,
  add: code,
  update: code,
  changeIdentifier: code,
  lookup: code,
  get: code,
});

const ERRORS: Record<ErrorKind, Row> = {
  // Refined per field by fieldCode below; this is the fallback for a field it does not know.
  [ErrorKind.VALIDATION]: {
    code: { ...all(10002), upsert: 10001, add: 10001, lookup: 8013, get: 8013 },
    status: 400,
  },
  // Not-found answers 404 ("resource not found"): integrators branch on it to add the customer.
  [ErrorKind.NOT_FOUND]: {
    code: { ...all(8015), update: 8009, changeIdentifier: 8009 },
    status: 404,
  },
  [ErrorKind.CONFLICT]: {
    code: { ...all(8053), add: 8052, upsert: 8052, changeIdentifier: 8008 },
    status: 400,
  },
  [ErrorKind.ALREADY_EXISTS]: { code: all(8006), status: 400 },
  [ErrorKind.IDEMPOTENCY_MISMATCH]: { code: all(400), status: 400 },
  [ErrorKind.UNAUTHENTICATED]: { code: all(401), status: 401 },
  [ErrorKind.FORBIDDEN]: { code: all(403), status: 403 },
  [ErrorKind.RATE_LIMITED]: { code: all(429), status: 429 },
  // Core gave up on a customer that others kept writing: Capillary's per-customer lock answer,
  // "Multiple actions are running for the same customer" (C4 request-level code 521, also a v2
  // customer code): HTTP 521 on a single-customer API, item code 521 in a bulk response.
  [ErrorKind.BUSY]: { code: all(521), status: 521 },
  [ErrorKind.INTERNAL]: { code: all(500), status: 500 },
};

/** A failing field's code: identifiers and comm channels have codes of their own. */
function fieldCode(op: Operation, f: FieldError): CapCode | null {
  const inChannel = f.path.includes("commChannels");
  if (f.code === FieldCode.TAKEN)
    return op === "changeIdentifier" ? 8007 : op === "add" ? 8006 : 8008;
  switch (f.identifierKind) {
    case undefined:
      return null;
    case "EMAIL":
      return inChannel ? 8057 : 8055;
    case "PHONE":
      return inChannel ? 8058 : 8056;
    default:
      return op === "lookup" || op === "get" ? 8013 : 8005;
  }
}

/** The item errors for a core failure (one per failing field, else one for the failure). */
export function itemErrors(op: Operation, e: DomainError): CapMessage[] {
  const row = ERRORS[e.kind];
  if (e.kind === ErrorKind.VALIDATION && e.fields.length) {
    const out = e.fields.map((f) => {
      const code = fieldCode(op, f);
      return code
        ? msg(code)
        : { ...msg(row.code[op]), message: `${TEXTS[row.code[op]]} ${f.message}` };
    });
    return out;
  }
  if (e.kind === ErrorKind.INTERNAL) return [msg(500)];
  return [msg(row.code[op])];
}

/** The HTTP status a single-customer API answers a core failure with. */
export const statusOf = (e: DomainError) => ERRORS[e.kind].status;

/** Request-level error body. */
export const errorBody = (...errors: CapMessage[]) => ({ errors, warnings: [] as CapMessage[] });

const REFUSALS: Record<RefusalKind, { status: number; code: CapCode }> = {
  [RefusalKind.NOT_FOUND]: { status: 404, code: 404 },
  [RefusalKind.METHOD_NOT_ALLOWED]: { status: 405, code: 405 },
  [RefusalKind.UNAUTHENTICATED]: { status: 401, code: 401 },
  [RefusalKind.FORBIDDEN]: { status: 403, code: 403 },
  [RefusalKind.TOO_LARGE]: { status: 413, code: 413 },
  [RefusalKind.HEADERS_TOO_LARGE]: { status: 431, code: 431 },
  [RefusalKind.UNSUPPORTED_MEDIA_TYPE]: { status: 415, code: 415 },
  [RefusalKind.RATE_LIMITED]: { status: 429, code: 429 },
  [RefusalKind.INTERNAL]: { status: 500, code: 500 },
};

export function refusalResponse(r: Refusal): Response {
  const row = REFUSALS[r.kind];
  return new Response(JSON.stringify(errorBody(msg(row.code))), {
    status: row.status,
    headers: { "content-type": "application/json;charset=UTF-8", ...r.headers },
  });
}
