-- Whom the client named as the writer (Actor.attribution; Capillary's X-CAP-API-ATTRIBUTION-* headers).

-- AlterTable
ALTER TABLE "customers" ADD COLUMN "created_by_attribution" TEXT,
ADD COLUMN "updated_by_attribution" TEXT;

-- AlterTable
ALTER TABLE "events" ADD COLUMN "attribution" TEXT;
