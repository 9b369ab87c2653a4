import {
  type Db,
  findStoreByCode,
  findTenant,
  insertStore,
  listStores,
  type StoreRow,
  updateStore,
} from "@cg/db";
import { ErrorKind, FieldCode, fail, invalid, ok, type Result } from "./errors.ts";
import { newId } from "./new-id.ts";

/**
 * Storefront store codes (Magento's `Store: <store_view_code>` header). A storefront sends no key:
 * the code names the store, and the tenant that owns it serves the request. Each store carries the
 * schema version it is served with and the configuration its storefront reads.
 */
export type StoreView = StoreRow;

/** The storefront schema versions a store may be served with (Magento Open Source releases). */
export const STORE_VERSIONS = ["2.4.7", "2.4.8", "2.4.9"] as const;
export type StoreVersion = (typeof STORE_VERSIONS)[number];
export const DEFAULT_STORE_VERSION: StoreVersion = "2.4.9";

// Magento's own rule for store codes (letters, digits, underscore; a letter first).
const CODE = /^[a-z][a-z0-9_]{0,31}$/;
const MAX_CONFIG_BYTES = 8192;

export interface CreateStoreInput {
  /** Tenant id or slug. */
  tenant: string;
  code: string;
  version?: string | undefined;
  config?: Record<string, unknown> | undefined;
}

function check(input: { code?: string; version?: string | undefined; config?: unknown }) {
  const fields = [];
  if (input.code !== undefined && !CODE.test(input.code))
    fields.push({
      path: ["code"],
      code: FieldCode.INVALID,
      message:
        "code may contain only lower-case letters (a-z), digits (0-9) or underscore (_), starts with a letter, at most 32 characters",
    });
  if (input.version !== undefined && !(STORE_VERSIONS as readonly string[]).includes(input.version))
    fields.push({
      path: ["version"],
      code: FieldCode.INCLUSION,
      message: `version must be one of ${STORE_VERSIONS.join(", ")}`,
    });
  if (input.config !== undefined) {
    const c = input.config;
    if (c === null || typeof c !== "object" || Array.isArray(c))
      fields.push({
        path: ["config"],
        code: FieldCode.INVALID,
        message: "config must be an object",
      });
    else if (JSON.stringify(c).length > MAX_CONFIG_BYTES)
      fields.push({
        path: ["config"],
        code: FieldCode.TOO_LONG,
        message: `config is larger than ${MAX_CONFIG_BYTES} bytes`,
      });
  }
  return fields;
}

// Resolved on every storefront request; stores change rarely (cached briefly, and cleared by a
// change through this process; another process sees it within TTL).
const TTL_MS = 5000;

export function createStores(db: Db, now: () => number) {
  const cache = new Map<string, { at: number; store: StoreView | null }>();
  return {
    async create(input: CreateStoreInput): Promise<Result<StoreView>> {
      const bad = check(input);
      if (bad.length) return invalid(bad);
      const tenant = await findTenant(db, input.tenant);
      if (!tenant)
        return fail(ErrorKind.NOT_FOUND, `Tenant ${input.tenant} not found`, [
          { path: ["tenant"], code: FieldCode.NOT_FOUND, message: "tenant not found" },
        ]);
      const inserted = await insertStore(db.sql, {
        id: `store_${newId()}`,
        tenantId: tenant.id,
        code: input.code,
        version: input.version ?? DEFAULT_STORE_VERSION,
        config: input.config ?? {},
      });
      if (!inserted)
        return fail(ErrorKind.ALREADY_EXISTS, `Store code ${input.code} is taken`, [
          { path: ["code"], code: FieldCode.TAKEN, message: "code has already been taken" },
        ]);
      cache.delete(input.code);
      const s = await findStoreByCode(db.sql, input.code);
      return s ? ok(s) : fail(ErrorKind.INTERNAL, "Store vanished after creation");
    },
    /** A store's version and/or its whole config; with `tenantId`, only a store of that tenant. */
    async update(
      code: string,
      s: { version?: string | undefined; config?: Record<string, unknown> | undefined },
      tenantId?: string,
    ): Promise<Result<StoreView>> {
      const bad = check(s);
      if (bad.length) return invalid(bad);
      if (tenantId !== undefined && (await findStoreByCode(db.sql, code))?.tenantId !== tenantId)
        return fail(ErrorKind.NOT_FOUND, `Store ${code} not found`);
      cache.delete(code);
      const patch = {
        ...(s.version !== undefined ? { version: s.version } : {}),
        ...(s.config !== undefined ? { config: s.config } : {}),
      };
      if (!(await updateStore(db.sql, code, patch)))
        return fail(ErrorKind.NOT_FOUND, `Store ${code} not found`);
      const v = await findStoreByCode(db.sql, code);
      return v ? ok(v) : fail(ErrorKind.NOT_FOUND, `Store ${code} not found`);
    },
    list: (tenant?: string): Promise<StoreView[]> => listStores(db.sql, tenant),
    /** The store with this code, or null (cached). */
    async resolve(code: string): Promise<StoreView | null> {
      if (!CODE.test(code)) return null;
      const t = now();
      const hit = cache.get(code);
      if (hit && t - hit.at < TTL_MS) return hit.store;
      const store = await findStoreByCode(db.sql, code);
      if (cache.size > 10_000) cache.clear();
      cache.set(code, { at: t, store });
      return store;
    },
  };
}

export type Stores = ReturnType<typeof createStores>;
