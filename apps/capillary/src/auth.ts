import { createHash, randomBytes } from "node:crypto";
import type { Core, Principal } from "@cg/core";
import { basicCredentials, type CredentialLoginHook } from "@cg/dialect-kit";

/**
 * Capillary's two ways in (anchors/capillary/auth-hosts-limits.md): Basic with a till code and
 * the md5 hex of its password, and OAuth: a key and secret exchanged for a short-lived token sent
 * as `X-CAP-API-OAUTH-TOKEN`. Both are logins of one credential (core.tokens.logins); the till's
 * stored secret is the scrypt of the md5 hex, never the password or the md5 itself.
 */
export const LOGIN_TILL = "capillary.till";
export const LOGIN_KEY = "capillary.key";
export const TOKEN_KIND = "capillary.oauth";
/** Capillary's documented default token lifetime. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300;

export const md5Hex = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

/** The principal of a Basic or OAuth request, or null. */
export async function authenticate(core: Core, req: Request): Promise<Principal | null> {
  const token = req.headers.get("x-cap-api-oauth-token");
  if (token) {
    const grant = await core.tokens.verify(TOKEN_KIND, token.trim());
    return grant ? core.tokens.principalOf(grant) : null;
  }
  const basic = basicCredentials(req);
  if (!basic) return null;
  return core.tokens.logins.verify(LOGIN_TILL, basic.user, basic.password.trim().toLowerCase());
}

/** The till code of a Basic request (the writer when no attribution header names one). */
export const tillOf = (req: Request) =>
  req.headers.has("x-cap-api-oauth-token") ? null : (basicCredentials(req)?.user ?? null);

/** `POST /v3/oauth/token/generate`: a token for a key and secret, or null. */
export async function generateToken(
  core: Core,
  body: { key: string; secret: string },
  ttlSeconds: number,
): Promise<{ accessToken: string; ttlSeconds: number } | null> {
  const p = await core.tokens.logins.verify(LOGIN_KEY, body.key, body.secret);
  if (!p) return null;
  const { token } = await core.tokens.issue({
    kind: TOKEN_KIND,
    tenantId: p.tenantId,
    credentialId: p.credentialId,
    scopes: p.scopes,
    ttlSeconds,
  });
  return { accessToken: token, ttlSeconds };
}

const random = (bytes: number) => randomBytes(bytes).toString("base64url");

/**
 * A new credential's Capillary logins: a till (code + password, for Basic) and an API client
 * (key + secret, for OAuth). The password and the secret are shown once, here.
 */
export const credentials: CredentialLoginHook = {
  async login({ core, credentialId, secret }) {
    const suffix = credentialId.slice(-10).toLowerCase();
    const tillCode = `till.${suffix}`;
    const password = random(18);
    const key = `key_${random(12)}`;
    await core.tokens.logins.create({
      credentialId,
      kind: LOGIN_TILL,
      login: tillCode,
      secret: md5Hex(password),
    });
    await core.tokens.logins.create({ credentialId, kind: LOGIN_KEY, login: key, secret });
    return { tillCode, password, key, secret };
  },
};
