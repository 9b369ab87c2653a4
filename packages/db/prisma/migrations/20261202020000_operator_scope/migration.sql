-- The internal API's `operator` scope (every tenant) split from `admin` (its own tenant only).
-- The first-run credential is the CLI's identity beside a running gateway (credentials.json):
-- bootstrap (core/credentials.ts) created it on the empty database as the internal credential
-- named "bootstrap" of the "default" tenant, holding `admin`. It keeps managing every tenant: it
-- is granted `operator` (the oldest such credential only, should a later one share the name).
-- No other credential is: any other admin credential now manages its own tenant only.
UPDATE "credentials"
SET "scopes" = array_append("scopes", 'operator')
WHERE "id" = (
  SELECT c."id" FROM "credentials" c JOIN "tenants" t ON t."id" = c."tenant_id"
  WHERE t."slug" = 'default' AND c."dialect" = 'internal' AND c."name" = 'bootstrap'
    AND 'admin' = ANY(c."scopes")
  ORDER BY c."created_at", c."id"
  LIMIT 1
)
AND NOT ('operator' = ANY("scopes"));
