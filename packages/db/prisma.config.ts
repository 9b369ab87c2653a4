import { defineConfig } from "prisma/config";

// Only `prisma generate` is used (offline). The URL matters to Prisma's own migrate/studio,
// which cannot run here; our migrator applies prisma/migrations itself.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/customer_gateway" },
});
