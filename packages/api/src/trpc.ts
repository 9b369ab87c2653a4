import { type DomainError, ErrorKind, type Result } from "@cg/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.ts";

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]["code"];

/** The one table from core error kinds to tRPC codes (HTTP statuses follow from them). */
const CODES: Record<ErrorKind, TRPCCode> = {
  VALIDATION: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  ALREADY_EXISTS: "CONFLICT",
  IDEMPOTENCY_MISMATCH: "UNPROCESSABLE_CONTENT",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  // 409: the write met others on the same customer (RFC 9110 §15.5.10, an edit conflict); it may
  // be sent again as it is. `data.domainCode` BUSY tells it from CONFLICT (two customers matched).
  BUSY: "CONFLICT",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export class DomainTRPCError extends TRPCError {
  readonly domain: DomainError;
  constructor(domain: DomainError) {
    super({ code: CODES[domain.kind], message: domain.message });
    this.domain = domain;
  }
}

/** Unwraps a core Result, throwing its error as a tRPC error that carries the domain details. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new DomainTRPCError(r.error);
}

const t = initTRPC.context<Context>().create({
  // Never a stack trace to clients, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause =
      error instanceof DomainTRPCError
        ? error
        : error.cause instanceof DomainTRPCError
          ? error.cause
          : null;
    const zodIssues = error.cause instanceof z.ZodError ? error.cause.issues : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal server error" : zodIssues ? "Invalid input" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        domainCode:
          cause?.domain.kind ??
          (zodIssues ? ErrorKind.VALIDATION : internal ? ErrorKind.INTERNAL : null),
        fields:
          cause?.domain.fields.map((f) => ({ path: f.path, code: f.code, message: f.message })) ??
          zodIssues?.map((i) => ({
            path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
            code: zodCode(i.code),
            message: i.message,
          })) ??
          [],
        ...(cause?.domain.customerIds ? { customerIds: cause.domain.customerIds } : {}),
        ...(zodIssues ? { zodError: z.flattenError(error.cause as z.ZodError) } : {}),
      },
    };
  },
});

function zodCode(code: string): string {
  switch (code) {
    case "too_big":
      return "TOO_LONG";
    case "too_small":
      return "TOO_SHORT";
    case "invalid_type":
      return "INVALID";
    case "unrecognized_keys":
      return "UNKNOWN_FIELD";
    default:
      return "INVALID";
  }
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

/** Needs an `internal` credential holding one of `anyOf`. */
const internalWith = (anyOf: readonly string[]) =>
  t.procedure.use(({ ctx, next }) => {
    const p = ctx.principal;
    if (!p)
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "A bearer credential of the internal dialect is required",
      });
    if (p.dialect !== "internal")
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "This credential is not for the internal API",
      });
    if (!anyOf.some((s) => p.scopes.includes(s)))
      throw new TRPCError({ code: "FORBIDDEN", message: `Missing scope ${anyOf.join(" or ")}` });
    return next({
      ctx: {
        ...ctx,
        principal: p,
        call: {
          tenantId: p.tenantId,
          actor: { dialect: "internal", credentialId: p.credentialId },
        },
      },
    });
  });

/** Needs an `internal` credential holding `scope`. */
export const scoped = (scope: string) => internalWith([scope]);

/**
 * The admin procedures: an `internal` credential holding `admin` (its own tenant) or `operator`
 * (every tenant). `ctx.operator` says which; the procedures narrow an admin to its tenant.
 */
export const administered = internalWith(["admin", "operator"]).use(({ ctx, next }) =>
  next({ ctx: { ...ctx, operator: ctx.principal.scopes.includes("operator") } }),
);
