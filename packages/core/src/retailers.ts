import {
  type Db,
  ensureFirstRetailer,
  findRetailer,
  insertRetailer,
  isUniqueViolation,
  listRetailers,
  type RetailerRow,
} from "@cg/db";

/**
 * A tenant's Fluent Commerce retailers (a tenant is a Fluent account). Ids are numeric per
 * tenant; every tenant has retailer 1 once anything asks for its first retailer (bootstrap does
 * for the default tenant, a Fluent credential's login does for its tenant).
 */
export interface Retailer {
  id: number;
  ref: string;
  createdAt: string;
}

const view = (r: RetailerRow): Retailer => ({
  id: r.id,
  ref: r.ref,
  createdAt: r.createdAt.toISOString(),
});

export function createRetailers(db: Db) {
  return {
    list: async (tenantId: string): Promise<Retailer[]> =>
      (await listRetailers(db.sql, tenantId)).map(view),
    /** The retailer of this tenant with this id, or null (another tenant's is null too). */
    async get(tenantId: string, id: number): Promise<Retailer | null> {
      if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
      const r = await findRetailer(db.sql, tenantId, id);
      return r ? view(r) : null;
    },
    /** A new retailer with the tenant's next id. */
    async create(tenantId: string, ref?: string): Promise<Retailer> {
      for (let attempt = 0; ; attempt++) {
        try {
          return view(await insertRetailer(db.sql, tenantId, ref ?? null));
        } catch (err) {
          // Two creators took the same next id: the loser takes the one after.
          if (!isUniqueViolation(err) || attempt >= 5) throw err;
        }
      }
    },
    /** The tenant's first retailer, creating retailer 1 when it has none. */
    first: async (tenantId: string): Promise<Retailer> =>
      view(await ensureFirstRetailer(db.sql, tenantId)),
  };
}

export type Retailers = ReturnType<typeof createRetailers>;
