import { type Db, findTenantSettings, updateTenantSettings } from "@cg/db";
import { ErrorKind, FieldCode, fail, invalid, ok, type Result } from "./errors.ts";

export interface TenantSettings {
  /** ISO 3166-1 alpha-2, or null: where a phone without a country code is read. */
  defaultCountry: string | null;
}

// Read on every write of the dialects that use them; they change rarely (cached briefly, and
// cleared by an update through this process).
const TTL_MS = 5000;

export function createTenantSettings(db: Db, now: () => number) {
  const cache = new Map<string, { at: number; value: TenantSettings | null }>();
  return {
    async get(tenantId: string): Promise<TenantSettings | null> {
      const t = now();
      const hit = cache.get(tenantId);
      if (hit && t - hit.at < TTL_MS) return hit.value;
      const r = await findTenantSettings(db.sql, tenantId);
      const value = r ? { defaultCountry: r.defaultCountry } : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(tenantId, { at: t, value });
      return value;
    },
    async update(tenantId: string, s: Partial<TenantSettings>): Promise<Result<TenantSettings>> {
      if (s.defaultCountry != null && !/^[A-Z]{2}$/.test(s.defaultCountry))
        return invalid([
          {
            path: ["defaultCountry"],
            code: FieldCode.INVALID,
            message: "defaultCountry must be an ISO 3166-1 alpha-2 code",
          },
        ]);
      cache.delete(tenantId);
      if (!(await updateTenantSettings(db.sql, tenantId, s)))
        return fail(ErrorKind.NOT_FOUND, "Tenant not found");
      const v = await this.get(tenantId);
      return v ? ok(v) : fail(ErrorKind.NOT_FOUND, "Tenant not found");
    },
  };
}
