import { createHash, randomBytes } from "node:crypto";
import {
  consumeToken,
  type Db,
  findDeadTokenReason,
  findLiveCredential,
  findLiveToken,
  findLogin,
  insertLogin,
  insertToken,
  revokeTokens,
  type TokenRow,
} from "@cg/db";
import type { Dialect, Principal } from "./credentials.ts";
import { newId } from "./new-id.ts";
import { hashSecret, verifySecret } from "./secret-hash.ts";

/**
 * Bearer tokens a dialect issues on top of a credential or for a customer (OAuth access and
 * refresh tokens, storefront customer tokens). The token is an opaque random string; only its
 * sha256 is stored, so revocation and expiry are one row each.
 */
export interface TokenGrant {
  kind: string;
  tenantId: string;
  tenantSlug: string;
  credentialId: string | null;
  dialect: string | null;
  customerId: string | null;
  scopes: string[];
  expiresAt: Date;
}

export interface IssueTokenInput {
  /** The dialect's kind ("fluent.access"): a token verifies only as its own kind. */
  kind: string;
  tenantId: string;
  credentialId?: string | null;
  customerId?: string | null;
  scopes?: readonly string[];
  ttlSeconds: number;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const grant = (r: TokenRow): TokenGrant => ({
  kind: r.kind,
  tenantId: r.tenantId,
  tenantSlug: r.tenantSlug,
  credentialId: r.credentialId,
  dialect: r.dialect,
  customerId: r.customerId,
  scopes: r.scopes,
  expiresAt: r.expiresAt,
});

// Verification runs on every request: answers are cached briefly (as credentials' are).
// Revocation through this process clears the cache at once; another process sees it within TTL.
const TTL_MS = 2000;

export function createTokens(db: Db, now: () => number) {
  const cache = new Map<string, { at: number; grant: TokenGrant | null }>();
  const logins = new Map<string, { at: number; credentialId: string | null }>();
  return {
    async issue(input: IssueTokenInput): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString("base64url");
      const expiresAt = new Date(now() + input.ttlSeconds * 1000);
      await insertToken(db.sql, {
        id: `tok_${newId()}`,
        tenantId: input.tenantId,
        credentialId: input.credentialId ?? null,
        customerId: input.customerId ?? null,
        kind: input.kind,
        tokenHash: sha256(token),
        scopes: input.scopes ?? [],
        expiresAt,
      });
      return { token, expiresAt };
    },
    /** The live grant of this kind for the token; null if unknown, expired or revoked. */
    async verify(kind: string, token: string): Promise<TokenGrant | null> {
      if (!token || token.length > 512) return null;
      const key = `${kind}\0${sha256(token)}`;
      const t = now();
      const hit = cache.get(key);
      if (hit && t - hit.at < TTL_MS && (!hit.grant || hit.grant.expiresAt.getTime() > t))
        return hit.grant;
      const r = await findLiveToken(db.sql, kind, sha256(token), new Date(t));
      const g = r ? grant(r) : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { at: t, grant: g });
      return g;
    },
    /**
     * Why a token that did not verify is dead: "revoked", "expired", or "unknown" (never issued,
     * deleted with its customer, or another kind). For vendors whose refusal names the reason.
     */
    async deadReason(kind: string, token: string): Promise<"revoked" | "expired" | "unknown"> {
      if (!token || token.length > 512) return "unknown";
      return (await findDeadTokenReason(db.sql, kind, sha256(token), new Date(now()))) ?? "unknown";
    },
    /** Single use (refresh tokens): revokes the token and returns its grant, null if not live. */
    async consume(kind: string, token: string): Promise<TokenGrant | null> {
      if (!token || token.length > 512) return null;
      cache.clear();
      const r = await consumeToken(db.sql, kind, sha256(token), new Date(now()));
      return r ? grant(r) : null;
    },
    /** Revokes live tokens matching every condition given (at least one). */
    async revoke(where: {
      token?: string;
      customerId?: string;
      credentialId?: string;
      exceptToken?: string;
    }): Promise<number> {
      cache.clear();
      return revokeTokens(
        db.sql,
        {
          ...(where.token !== undefined ? { tokenHash: sha256(where.token) } : {}),
          ...(where.customerId !== undefined ? { customerId: where.customerId } : {}),
          ...(where.credentialId !== undefined ? { credentialId: where.credentialId } : {}),
          ...(where.exceptToken !== undefined ? { exceptHash: sha256(where.exceptToken) } : {}),
        },
        new Date(now()),
      );
    },
    /** The principal of a grant made for a credential (with the grant's scopes), else null. */
    principalOf(g: TokenGrant): Principal | null {
      if (!g.credentialId || !g.dialect) return null;
      return {
        tenantId: g.tenantId,
        tenantSlug: g.tenantSlug,
        credentialId: g.credentialId,
        dialect: g.dialect as Dialect,
        scopes: g.scopes,
      };
    },

    /**
     * Credential logins: further names under which a credential is presented (an OAuth client
     * id, a username with a password, a till code). The secret is stored as a slow hash.
     */
    logins: {
      async create(input: {
        credentialId: string;
        kind: string;
        login: string;
        secret: string;
      }): Promise<void> {
        await insertLogin(db.sql, {
          id: `login_${newId()}`,
          credentialId: input.credentialId,
          kind: input.kind,
          login: input.login,
          secretHash: await hashSecret(input.secret),
        });
      },
      /**
       * The principal of the live credential whose login of this kind matches, or null. A verified
       * (kind, login, secret) is remembered for TTL so that Basic auth on every request does not
       * pay the slow hash each time; revocation is still checked on every call.
       */
      async verify(kind: string, login: string, secret: string): Promise<Principal | null> {
        if (!login || !secret || login.length > 256 || secret.length > 512) return null;
        const key = `${kind}\0${login}\0${sha256(secret)}`;
        const t = now();
        const hit = logins.get(key);
        let credentialId: string | null;
        if (hit && t - hit.at < 60_000) credentialId = hit.credentialId;
        else {
          const row = await findLogin(db.sql, kind, login);
          credentialId =
            row && (await verifySecret(secret, row.secretHash)) ? row.credentialId : null;
          if (logins.size > 10_000) logins.clear();
          logins.set(key, { at: t, credentialId });
        }
        if (!credentialId) return null;
        const c = await findLiveCredential(db.sql, credentialId);
        return c
          ? {
              tenantId: c.tenantId,
              tenantSlug: c.tenantSlug,
              credentialId: c.id,
              dialect: c.dialect as Dialect,
              scopes: c.scopes,
            }
          : null;
      },
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
