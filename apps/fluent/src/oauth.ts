import type { Core, Principal } from "@cg/core";
import type { DialectRequest } from "@cg/dialect-kit";
import { oauthError } from "./errors.ts";
import { LOGIN_KINDS } from "./logins.ts";

/** Token kinds this dialect issues (core.tokens). */
export const TOKEN_KINDS = { access: "fluent.access", refresh: "fluent.refresh" } as const;

export interface TokenLifetimes {
  /** Access tokens, seconds. Default one hour (FLUENT_ACCESS_TOKEN_TTL_SECONDS). */
  accessSeconds: number;
  /** Refresh tokens (single use), seconds. Default 30 days (FLUENT_REFRESH_TOKEN_TTL_SECONDS). */
  refreshSeconds: number;
}

/**
 * The request's OAuth parameters: the query string, then a form body on top (Fluent takes both;
 * the form is what its docs recommend and what fc-connect-sdk sends).
 */
function params(r: DialectRequest): URLSearchParams {
  const p = new URLSearchParams(r.url.search);
  const type = (r.req.headers.get("content-type") ?? "").toLowerCase();
  if (r.body && type.startsWith("application/x-www-form-urlencoded"))
    for (const [k, v] of new URLSearchParams(r.body)) p.set(k, v);
  return p;
}

const GRANTS = ["password", "client_credentials", "refresh_token"] as const;
type Grant = (typeof GRANTS)[number];

/**
 * `POST /oauth/token` as Fluent answers it: `{access_token, token_type: "bearer", expires_in,
 * scope, Retailer_id, refresh_token}`, or `{error, error_description}` with 400/401. The client
 * is always authenticated by client_id/client_secret; the password grant adds the user, the
 * refresh grant a live refresh token of the same credential (consumed: single use).
 */
export async function issueToken(
  r: DialectRequest,
  core: Core,
  ttl: TokenLifetimes,
): Promise<Response> {
  const p = params(r);
  const grant = p.get("grant_type");
  if (!grant) return oauthError("invalid_request", "Missing grant type");
  if (!(GRANTS as readonly string[]).includes(grant))
    return oauthError("unsupported_grant_type", `Unsupported grant type: ${grant}`);
  const scope = p.get("scope");
  if (scope !== null && scope !== "api")
    return oauthError("invalid_scope", `Invalid scope: ${scope}`);
  const clientId = p.get("client_id");
  const clientSecret = p.get("client_secret");
  if (!clientId || !clientSecret)
    return oauthError("invalid_client", "Full authentication is required to access this resource");
  const client = await core.tokens.logins.verify(LOGIN_KINDS.client, clientId, clientSecret);
  if (client?.dialect !== "fluent") return oauthError("invalid_client", "Bad client credentials");

  let principal: Principal | null = client;
  const g = grant as Grant;
  switch (g) {
    case "password": {
      const username = p.get("username");
      const password = p.get("password");
      if (!username || !password)
        return oauthError("invalid_request", "Missing username or password");
      const user = await core.tokens.logins.verify(LOGIN_KINDS.user, username, password);
      principal = user?.credentialId === client.credentialId ? user : null;
      break;
    }
    case "refresh_token": {
      const token = p.get("refresh_token");
      if (!token) return oauthError("invalid_request", "Missing refresh token");
      const g = await core.tokens.consume(TOKEN_KINDS.refresh, token);
      principal = g?.credentialId === client.credentialId ? core.tokens.principalOf(g) : null;
      if (!principal) return oauthError("invalid_grant", "Invalid refresh token");
      break;
    }
    case "client_credentials":
      break;
    default:
      return g satisfies never;
  }
  if (!principal) return oauthError("invalid_grant", "Bad credentials");

  const base = {
    tenantId: principal.tenantId,
    credentialId: principal.credentialId,
    scopes: principal.scopes,
  };
  const access = await core.tokens.issue({
    ...base,
    kind: TOKEN_KINDS.access,
    ttlSeconds: ttl.accessSeconds,
  });
  // RFC 6749 §4.4.3: no refresh token for the client credentials grant.
  const refresh =
    grant === "client_credentials"
      ? null
      : await core.tokens.issue({
          ...base,
          kind: TOKEN_KINDS.refresh,
          ttlSeconds: ttl.refreshSeconds,
        });
  const retailer = await core.retailers.first(principal.tenantId);
  return Response.json(
    {
      access_token: access.token,
      token_type: "bearer",
      ...(refresh ? { refresh_token: refresh.token } : {}),
      expires_in: ttl.accessSeconds,
      scope: "api",
      Retailer_id: String(retailer.id),
    },
    { headers: { "cache-control": "no-store", pragma: "no-cache" } },
  );
}
