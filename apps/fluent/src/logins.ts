import { randomBytes } from "node:crypto";
import type { CredentialLoginHook } from "@cg/dialect-kit";

/** Login kinds this dialect stores (core.tokens.logins). */
export const LOGIN_KINDS = { client: "fluent.client", user: "fluent.user" } as const;

// Both names are derived from the credential id (a ULID), so `me` can name the user from the
// principal alone; clientId matches fc-connect-sdk's `[A-Za-z0-9_-]+`.
const suffix = (credentialId: string) => credentialId.replace(/^cred_/, "").toLowerCase();
export const clientIdOf = (credentialId: string) => `fc-${suffix(credentialId)}`;
export const userLoginOf = (credentialId: string) => `api_${suffix(credentialId)}`;

/**
 * What `cg credentials create --dialect fluent` adds beside the secret: an OAuth client
 * (clientId, clientSecret) and a user (username, password) for the password grant, and the
 * retailer the client is configured with (the tenant's first; retailer 1 is created if the
 * tenant has none). Secrets are random (≥ 8 characters, as the SDK requires), stored as scrypt.
 */
export const fluentLogins: CredentialLoginHook = {
  async login({ core, credentialId, tenantId }) {
    const retailer = await core.retailers.first(tenantId);
    const clientId = clientIdOf(credentialId);
    const clientSecret = randomBytes(24).toString("base64url");
    const username = userLoginOf(credentialId);
    const password = randomBytes(18).toString("base64url");
    await core.tokens.logins.create({
      credentialId,
      kind: LOGIN_KINDS.client,
      login: clientId,
      secret: clientSecret,
    });
    await core.tokens.logins.create({
      credentialId,
      kind: LOGIN_KINDS.user,
      login: username,
      secret: password,
    });
    return { clientId, clientSecret, username, password, retailerId: String(retailer.id) };
  },
};
