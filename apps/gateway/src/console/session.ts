import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Core, Principal } from "@cg/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * Console sessions are core access tokens (core/access-tokens.ts) of their own kind, issued over
 * the internal credential that signed in: only their sha256 is stored, they expire, and they die
 * with the credential (a revoked credential's session stops at its next request, in any gateway
 * process). The cookie holds the token; nothing else is kept.
 */
export const SESSION_KIND = "console.session";
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
export const SESSION_COOKIE = "cg_console";
/** The double-submit token of the sign-in form (before there is a session to bind one to). */
export const SIGN_IN_CSRF_COOKIE = "cg_console_csrf";
/** The form field every console form carries. */
export const CSRF_FIELD = "_csrf";

/** Behind TLS: the request itself is https, or the proxy in front says so. */
export const isSecure = (c: Context) =>
  new URL(c.req.url).protocol === "https:" ||
  (c.req.header("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";

const cookieOptions = (c: Context, maxAge?: number) => ({
  path: "/admin",
  httpOnly: true,
  sameSite: "Strict" as const,
  secure: isSecure(c),
  ...(maxAge === undefined ? {} : { maxAge }),
});

export interface Session {
  token: string;
  principal: Principal;
}

/** The signed-in session of the request, or null (none, expired, or its credential revoked). */
export async function readSession(core: Core, c: Context): Promise<Session | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const grant = await core.tokens.verify(SESSION_KIND, token);
  const principal = grant ? core.tokens.principalOf(grant) : null;
  return principal && principal.dialect === "internal" ? { token, principal } : null;
}

export async function startSession(core: Core, c: Context, p: Principal): Promise<void> {
  const { token } = await core.tokens.issue({
    kind: SESSION_KIND,
    tenantId: p.tenantId,
    credentialId: p.credentialId,
    scopes: p.scopes,
    ttlSeconds: SESSION_TTL_SECONDS,
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_TTL_SECONDS));
  deleteCookie(c, SIGN_IN_CSRF_COOKIE, cookieOptions(c));
}

export async function endSession(core: Core, c: Context, s: Session): Promise<void> {
  await core.tokens.revoke({ token: s.token });
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/**
 * The CSRF token forms carry. Signed in: derived from the session token (a page of another origin
 * can read neither); before sign-in: a random value also set as a cookie (double submit).
 */
export function csrfToken(c: Context, s: Session | null): string {
  if (s) return createHash("sha256").update(`csrf\0${s.token}`).digest("base64url");
  let v = getCookie(c, SIGN_IN_CSRF_COOKIE);
  if (!v || !/^[A-Za-z0-9_-]{43}$/.test(v)) {
    v = randomBytes(32).toString("base64url");
    setCookie(c, SIGN_IN_CSRF_COOKIE, v, cookieOptions(c, 60 * 60));
  }
  return v;
}

/** Whether a posted form's token is the one this request's session (or sign-in cookie) expects. */
export function csrfValid(c: Context, s: Session | null, given: unknown): boolean {
  if (typeof given !== "string" || given.length === 0 || given.length > 128) return false;
  const expected = s
    ? createHash("sha256").update(`csrf\0${s.token}`).digest("base64url")
    : getCookie(c, SIGN_IN_CSRF_COOKIE);
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
