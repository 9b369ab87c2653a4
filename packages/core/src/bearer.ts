const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header value, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  return (authorization && BEARER.exec(authorization)?.[1]) || null;
}
