-- CreateTable
CREATE TABLE "fluent_retailers" (
    "tenant_id" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fluent_retailers_pkey" PRIMARY KEY ("tenant_id","id")
);

-- AddForeignKey
ALTER TABLE "fluent_retailers" ADD CONSTRAINT "fluent_retailers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
