-- Address members some vendors have (Magento's middlename, prefix, suffix, fax, vat_id): nullable,
-- left alone by dialects that have no place for them.
ALTER TABLE "addresses" ADD COLUMN "middle_name" TEXT,
ADD COLUMN "name_prefix" TEXT,
ADD COLUMN "name_suffix" TEXT,
ADD COLUMN "fax" TEXT,
ADD COLUMN "vat_id" TEXT;
