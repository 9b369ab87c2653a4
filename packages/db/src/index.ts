export { createDb, type CreateDbOptions, type Db } from "./create-db.ts";
export { isUniqueViolation, UNIQUE_VIOLATION, type Sql, type SqlTx } from "./sql.ts";
export * from "./records.ts";
export {
  countCustomers,
  listCustomers,
  loadCustomers,
  loadEvents,
  sortValue,
  type IdentifierKey,
  type ListQuery,
  type LoadQuery,
} from "./customer-store.ts";
export { FILTERABLE_FIELDS, filterShape, type Comparator, type CustomerFilter, type FilterableField, type TextMatch } from "./customer-filter.ts";
export { applyWritePlan, emptyPlan, type WriteOutcome, type WritePlan } from "./write-plan.ts";
export { migrate, pendingMigrations, readMigrations, MigrationError, type MigrateResult } from "./migrate.ts";
export type { PrismaClient } from "./generated/prisma/client.ts";
