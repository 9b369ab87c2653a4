export {
  type CredentialAuth,
  type CredentialRecord,
  countTenants,
  findCredential,
  findCredentialBySecretHash,
  findCredentialsByIds,
  findTenant,
  type GroupRecord,
  groupKeyExists,
  insertCredential,
  insertGroup,
  insertTenant,
  listCredentialRecords,
  listGroupRecords,
  listTenantRecords,
  loadGroupsByRef,
  revokeCredentialRecord,
  type TenantRecord,
  tenantSlugExists,
} from "./admin-store.ts";
export { type CreateDbOptions, createDb, type Db } from "./create-db.ts";
export {
  type Comparator,
  type CustomerFilter,
  FILTERABLE_FIELDS,
  type FilterableField,
  filterShape,
  type TextMatch,
} from "./customer-filter.ts";
export {
  countCustomers,
  type IdentifierKey,
  type ListQuery,
  type LoadQuery,
  listCustomers,
  loadCustomers,
  loadEvents,
  sortValue,
} from "./customer-store.ts";
export type { PrismaClient } from "./generated/prisma/client.ts";
export {
  type MigrateResult,
  MigrationError,
  migrate,
  pendingMigrations,
  readMigrations,
} from "./migrate.ts";
export * from "./records.ts";
export {
  ensureFirstRetailer,
  findRetailer,
  insertRetailer,
  listRetailers,
  type RetailerRow,
} from "./retailers.ts";
export {
  CONTENTION_CODES,
  isContention,
  isUniqueViolation,
  type Sql,
  type SqlTx,
  UNIQUE_VIOLATION,
} from "./sql.ts";
export {
  clearSignInFailures,
  findSignInLock,
  findSignInLocks,
  findStoreByCode,
  insertStore,
  listStores,
  recordSignInFailure,
  type StoreRow,
  updateStore,
} from "./stores.ts";
export {
  consumeToken,
  findDeadTokenReason,
  findLiveCredential,
  findLiveToken,
  findLogin,
  findTenantSettings,
  insertLogin,
  insertToken,
  type LoginRow,
  revokeTokens,
  type TenantSettingsRow,
  type TokenRow,
  updateTenantSettings,
} from "./tokens.ts";
export {
  applyWritePlan,
  type CustomerWrite,
  emptyPlan,
  type IdempotencyRecord,
  loadIdempotencyRecords,
  planCustomerWrite,
  planDelete,
  planNoopIdempotency,
  type WriteOutcome,
  type WritePlan,
} from "./write-plan.ts";
