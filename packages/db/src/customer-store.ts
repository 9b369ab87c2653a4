import { type CustomerFilter, filterSql } from "./customer-filter.ts";
import { CUSTOMER_SCALARS, type CustomerRecord, type EventRecord } from "./records.ts";
import type { Sql } from "./sql.ts";

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// One json document per customer, children included: the engine reads a customer in one round
// trip and both engines hand back the same JSON shape (CustomerRecord). `json`, not `jsonb`: the
// document is only sent, never stored or compared, and building it as jsonb (which sorts and
// dedups every object's keys) cost ~30% of the read's PostgreSQL CPU (94 vs 66 µs per customer
// read, measured on one connection's backend; see ARCHITECTURE.md's performance notes).
const CUSTOMER_JSON = `json_build_object(
  'id', c.id, 'number', c.number, 'tenantId', c.tenant_id,
  ${Object.entries(CUSTOMER_SCALARS)
    .map(([f, col]) =>
      col === "tags" || col === "tax_exemptions"
        ? `'${f}', COALESCE(to_json(c.${col}), '[]'::json)`
        : `'${f}', c.${col}`,
    )
    .join(", ")},
  'createdAt', ${ts("c.created_at")}, 'updatedAt', ${ts("c.updated_at")}, 'version', c.version,
  'createdBy', json_build_object('dialect', c.created_by_dialect, 'credentialId', c.created_by_credential,
      'attribution', c.created_by_attribution),
  'updatedBy', json_build_object('dialect', c.updated_by_dialect, 'credentialId', c.updated_by_credential,
      'attribution', c.updated_by_attribution),
  'identifiers', COALESCE((SELECT json_agg(json_build_object('id', i.id, 'kind', i.kind, 'namespace', i.namespace,
      'value', i.value, 'primary', i.primary, 'verified', i.verified, 'verifiedAt', ${ts("i.verified_at")},
      'createdAt', ${ts("i.created_at")}) ORDER BY i.kind, i.namespace, i."primary" DESC, i.created_at, i.id)
    FROM identifiers i WHERE i.customer_id = c.id), '[]'::json),
  'addresses', COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number, 'position', a.position,
      'isDefault', a.is_default, 'firstName', a.first_name, 'lastName', a.last_name, 'company', a.company,
      'address1', a.address1, 'address2', a.address2, 'city', a.city, 'province', a.province,
      'provinceCode', a.province_code, 'country', a.country, 'countryCode', a.country_code, 'zip', a.zip,
      'phone', a.phone, 'middleName', a.middle_name, 'namePrefix', a.name_prefix,
      'nameSuffix', a.name_suffix, 'fax', a.fax, 'vatId', a.vat_id) ORDER BY a.position, a.number)
    FROM addresses a WHERE a.customer_id = c.id), '[]'::json),
  'attributes', COALESCE((SELECT json_agg(json_build_object('namespace', t.namespace, 'key', t.key, 'type', t.type,
      'value', t.value) ORDER BY t.namespace, t.key)
    FROM customer_attributes t WHERE t.customer_id = c.id), '[]'::json),
  'groups', COALESCE((SELECT json_agg(json_build_object('groupId', g.id, 'key', g.key, 'name', g.name,
      'externalId', g.external_id, 'createdAt', ${ts("m.created_at")}) ORDER BY m.created_at, g.key)
    FROM customer_group_memberships m
    CROSS JOIN LATERAL (SELECT id, key, name, external_id FROM customer_groups g WHERE g.id = m.group_id OFFSET 0) g
    WHERE m.customer_id = c.id), '[]'::json)
) AS doc`;

export interface IdentifierKey {
  kind: string;
  namespace: string;
  value: string;
}

export interface LoadQuery {
  keys?: readonly IdentifierKey[];
  ids?: readonly string[];
  numbers?: readonly number[];
}

// A prepared statement: PostgreSQL plans it once per connection and then keeps a generic plan,
// which saves 1–5 ms of planning per call (the customer document has four correlated subqueries).
// A generic plan is made before the planner knows the keys, possibly while the tables are still
// young and tiny, and it is kept as the tables grow; so every probe is written to be an index
// lookup whatever the statistics say. Each LATERAL subquery (kept apart by OFFSET 0) probes a
// unique or foreign-key index once per key: a join, an `= ANY(…)` or an OR across the sources
// would let a young plan scan a whole table (measured: a young plan's `number = ANY($4)` scanned
// 40 000 customers per call once the table had grown). Customers are fetched by primary key alone,
// their tenant checked outside the fence: with `id = … AND tenant_id = $1` inside, a young plan
// walked the tenant's index and filtered every customer of the tenant (the same 40 000). Each
// group of a membership is fetched by its primary key too. All four parameters are strings, so
// PGlite can prepare it as well (see pgliteSql).
const LOAD = `WITH ids AS (
  SELECT i.customer_id AS id
  FROM jsonb_to_recordset($2::jsonb) k(kind text, namespace text, value text)
  CROSS JOIN LATERAL (SELECT customer_id FROM identifiers i
    WHERE i.tenant_id = $1 AND i.kind = k.kind AND i.namespace = k.namespace AND i.value = k.value OFFSET 0) i
  UNION SELECT jsonb_array_elements_text($3::jsonb)
  UNION SELECT n.id FROM jsonb_array_elements_text($4::jsonb) u(number)
  CROSS JOIN LATERAL (SELECT id FROM customers n WHERE n.number = u.number::bigint OFFSET 0) n)
SELECT d.doc FROM (SELECT DISTINCT id FROM ids) x
CROSS JOIN LATERAL (SELECT c.tenant_id, ${CUSTOMER_JSON} FROM customers c WHERE c.id = x.id OFFSET 0) d
WHERE d.tenant_id = $1`;

/** Customers of one tenant that own any of the given identifiers, ids or numbers. */
export async function loadCustomers(
  sql: Sql,
  tenantId: string,
  q: LoadQuery,
): Promise<CustomerRecord[]> {
  const rows = await sql.query<{ doc: CustomerRecord }>(
    LOAD,
    [
      tenantId,
      JSON.stringify(q.keys ?? []),
      JSON.stringify(q.ids ?? []),
      JSON.stringify((q.numbers ?? []).map(String)),
    ],
    "cg_load_customers",
  );
  return rows.map((r) => r.doc);
}

export interface ListQuery {
  /** Keyset cursor: the (sort value, id) of the last row of the previous page. */
  after?: { id: string; sort: string | number } | undefined;
  before?: { id: string; sort: string | number } | undefined;
  limit: number;
  sort: "id" | "updatedAt" | "createdAt" | "fullName" | "number";
  descending?: boolean | undefined;
  updatedAfter?: string | undefined;
  updatedBefore?: string | undefined;
  groupIds?: readonly string[] | undefined;
  groupKeys?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
  /** case-insensitive substring over names, note and identifier values */
  text?: string | undefined;
  /** a boolean filter, ANDed with the others (identifiers, creation times, … are expressed here) */
  where?: CustomerFilter | undefined;
}

const SORT_EXPR: Record<ListQuery["sort"], string> = {
  id: "c.id",
  number: "c.number",
  updatedAt: "c.updated_at",
  createdAt: "c.created_at",
  fullName: "COALESCE(c.full_name, concat_ws(' ', c.first_name, c.last_name))",
};

function filters(q: Omit<ListQuery, "limit" | "sort">, params: unknown[]): string[] {
  const where = ["c.tenant_id = $1"];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.updatedAfter) where.push(`c.updated_at > ${p(q.updatedAfter)}::timestamptz`);
  if (q.updatedBefore) where.push(`c.updated_at < ${p(q.updatedBefore)}::timestamptz`);
  if (q.tags?.length) where.push(`c.tags && ${p([...q.tags])}::text[]`);
  if (q.groupIds?.length || q.groupKeys?.length)
    where.push(`EXISTS (SELECT 1 FROM customer_group_memberships m JOIN customer_groups g ON g.id = m.group_id
      WHERE m.customer_id = c.id AND (g.id = ANY(${p([...(q.groupIds ?? [])])}::text[]) OR g.key = ANY(${p([...(q.groupKeys ?? [])])}::text[])))`);
  if (q.text) where.push(filterSql({ text: q.text }, params));
  if (q.where) where.push(filterSql(q.where, params));
  return where;
}

/** One page of customers in keyset order; fetches limit + 1 so the caller knows if more follow. */
export async function listCustomers(
  sql: Sql,
  tenantId: string,
  q: ListQuery,
): Promise<CustomerRecord[]> {
  const params: unknown[] = [tenantId];
  const where = filters(q, params);
  const sort = SORT_EXPR[q.sort];
  // Paging backwards reads in the opposite order, then flips the page.
  const backwards = q.before !== undefined && q.after === undefined;
  const desc = (q.descending ?? false) !== backwards;
  const cmp = (cur: { id: string; sort: string | number }, op: string) => {
    params.push(cur.sort, cur.id);
    const cast =
      q.sort === "number"
        ? "::bigint"
        : q.sort === "updatedAt" || q.sort === "createdAt"
          ? "::timestamptz"
          : "::text";
    return `(${sort}, c.id) ${op} ($${params.length - 1}${cast}, $${params.length}::text)`;
  };
  if (q.after) where.push(cmp(q.after, q.descending ? "<" : ">"));
  if (q.before) where.push(cmp(q.before, q.descending ? ">" : "<"));
  params.push(q.limit + 1);
  const dir = desc ? "DESC" : "ASC";
  const rows = await sql.query<{ doc: CustomerRecord }>(
    `SELECT ${CUSTOMER_JSON} FROM customers c WHERE ${where.join(" AND ")}
     ORDER BY ${sort} ${dir}, c.id ${dir} LIMIT $${params.length}`,
    params,
  );
  const docs = rows.map((r) => r.doc);
  return backwards ? docs.reverse() : docs;
}

export async function countCustomers(
  sql: Sql,
  tenantId: string,
  q: Omit<ListQuery, "limit" | "sort">,
): Promise<number> {
  const params: unknown[] = [tenantId];
  const where = filters(q, params);
  const rows = await sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM customers c WHERE ${where.join(" AND ")}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The sort value of a customer for a cursor. */
export function sortValue(c: CustomerRecord, sort: ListQuery["sort"]): string | number {
  switch (sort) {
    case "id":
      return c.id;
    case "number":
      return c.number;
    case "updatedAt":
      return c.updatedAt;
    case "createdAt":
      return c.createdAt;
    case "fullName":
      return c.fullName ?? [c.firstName, c.lastName].filter(Boolean).join(" ");
    default:
      return sort satisfies never;
  }
}

export async function loadEvents(
  sql: Sql,
  tenantId: string,
  customerId: string,
  opts: { afterId?: number | undefined; limit: number; newestFirst?: boolean | undefined },
): Promise<EventRecord[]> {
  // Oldest first: the events after `afterId`; newest first: those before it (all without one).
  const newest = opts.newestFirst === true;
  return (
    await sql.query<{ doc: EventRecord }>(
      `SELECT jsonb_build_object('id', e.id, 'customerId', e.customer_id, 'dialect', e.dialect,
         'credentialId', e.credential_id, 'attribution', e.attribution, 'result', e.result, 'version', e.version, 'changes', e.changes,
         'createdAt', ${ts("e.created_at")}) AS doc
       FROM events e WHERE e.tenant_id = $1 AND e.customer_id = $2
         AND ${newest ? "e.id < $3" : "e.id > $3"}
       ORDER BY e.id${newest ? " DESC" : ""} LIMIT $4`,
      [tenantId, customerId, opts.afterId ?? (newest ? Number.MAX_SAFE_INTEGER : 0), opts.limit],
    )
  ).map((r) => r.doc);
}
