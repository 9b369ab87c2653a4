import { createHash } from "node:crypto";
import {
  type Actor,
  type AddressRecord,
  CUSTOMER_SCALARS,
  type CustomerScalars,
  type IdentifierRecord,
  scalarColumns,
} from "./records.ts";
import type { Sql } from "./sql.ts";

/** Column values are JSON: snake_case keys as in the tables. */
type Row = Record<string, unknown>;

/**
 * Everything one batch writes. The engine checks versions in SQL: an update or delete whose
 * expected version no longer matches writes nothing (neither children nor events) and is absent
 * from the result, so the engine can retry it. Each list names its customer; a child row is
 * written only when its customer's row was created or updated by this very statement.
 */
export interface WritePlan {
  creates: Row[];
  /** full new scalar row + `id`, `tenant_id`, `version` (the version it was computed from), `updated_by_*` */
  updates: Row[];
  deletes: { id: string; tenant_id: string; expected_version: number }[];
  identifierInserts: Row[];
  identifierUpdates: {
    id: string;
    customer_id: string;
    primary: boolean;
    verified: boolean;
    verified_at: string | null;
  }[];
  identifierDeletes: { id: string; customer_id: string }[];
  addressInserts: Row[];
  addressUpdates: Row[];
  addressDeletes: { id: string; customer_id: string }[];
  attributeUpserts: {
    customer_id: string;
    namespace: string;
    key: string;
    type: string;
    value: unknown;
  }[];
  attributeDeletes: { customer_id: string; namespace: string; key: string }[];
  membershipInserts: { customer_id: string; group_id: string }[];
  membershipDeletes: { customer_id: string; group_id: string }[];
  /** `version` is only read for deletes; creates and updates take the version the row got. */
  events: {
    tenant_id: string;
    customer_id: string;
    dialect: string;
    credential_id: string | null;
    attribution?: string | null;
    result: string;
    version: number;
    changes: unknown;
  }[];
  idempotency: IdempotencyRow[];
  /**
   * Ids of creates planned without a read: such a create is not written (nor its children, nor
   * its event) when any identifier it inserts is already held, and is absent from the result.
   * Any other create meeting a held identifier aborts the statement with a unique violation.
   */
  guessedCreates: string[];
}

/** A row of idempotency_records, as the plan writes and the replay reads it. */
interface IdempotencyRow {
  tenant_id: string;
  key: string;
  request_hash: string;
  result: string;
  customer_id: string;
  changes: unknown;
}

export function emptyPlan(): WritePlan {
  return {
    creates: [],
    updates: [],
    deletes: [],
    identifierInserts: [],
    identifierUpdates: [],
    identifierDeletes: [],
    addressInserts: [],
    addressUpdates: [],
    addressDeletes: [],
    attributeUpserts: [],
    attributeDeletes: [],
    membershipInserts: [],
    membershipDeletes: [],
    events: [],
    idempotency: [],
    guessedCreates: [],
  };
}

/** One customer's created or updated state and its child-row changes, in the records' shapes. */
export interface CustomerWrite {
  result: "CREATED" | "UPDATED";
  id: string;
  tenantId: string;
  actor: Actor;
  /** UPDATED: the version the change was computed from (the row is written only if it still holds). */
  expectedVersion: number;
  scalars: CustomerScalars;
  identifiers: {
    insert: readonly Omit<IdentifierRecord, "createdAt">[];
    update: readonly Omit<IdentifierRecord, "createdAt">[];
    remove: readonly string[];
  };
  addresses: {
    insert: readonly AddressRecord[];
    update: readonly AddressRecord[];
    remove: readonly string[];
  };
  attributes: {
    upsert: readonly { namespace: string; key: string; type: string; value: unknown }[];
    remove: readonly { namespace: string; key: string }[];
  };
  groups: { add: readonly string[]; remove: readonly string[] };
  changes: unknown;
  /** The request's idempotency key and hash, recorded with the change. */
  idempotency: { key: string; requestHash: string } | null;
}

const addressRow = (customerId: string, a: AddressRecord) => ({
  id: a.id,
  customer_id: customerId,
  position: a.position,
  is_default: a.isDefault,
  first_name: a.firstName,
  last_name: a.lastName,
  company: a.company,
  address1: a.address1,
  address2: a.address2,
  city: a.city,
  province: a.province,
  province_code: a.provinceCode,
  country: a.country,
  country_code: a.countryCode,
  zip: a.zip,
  phone: a.phone,
  middle_name: a.middleName,
  name_prefix: a.namePrefix,
  name_suffix: a.nameSuffix,
  fax: a.fax,
  vat_id: a.vatId,
});

/** Adds one customer's write (its row, child rows, event and idempotency record) to a plan. */
export function planCustomerWrite(plan: WritePlan, w: CustomerWrite): void {
  const { tenantId, actor, id } = w;
  // Properties added to the row one by one: `{ ...wide, extra }` costs several µs in V8.
  const row: Row = scalarColumns(w.scalars);
  row.id = id;
  row.tenant_id = tenantId;
  if (w.result === "CREATED") {
    row.created_by_dialect = actor.dialect;
    row.created_by_credential = actor.credentialId;
    row.created_by_attribution = actor.attribution ?? undefined;
    plan.creates.push(row);
  } else {
    row.version = w.expectedVersion;
    row.updated_by_dialect = actor.dialect;
    row.updated_by_credential = actor.credentialId;
    row.updated_by_attribution = actor.attribution ?? null;
    plan.updates.push(row);
  }
  const { identifiers, addresses, attributes, groups } = w;
  for (const i of identifiers.insert)
    plan.identifierInserts.push({
      id: i.id,
      tenant_id: tenantId,
      customer_id: id,
      kind: i.kind,
      namespace: i.namespace,
      value: i.value,
      primary: i.primary,
      verified: i.verified,
      verified_at: i.verifiedAt,
    });
  for (const i of identifiers.update)
    plan.identifierUpdates.push({
      id: i.id,
      customer_id: id,
      primary: i.primary,
      verified: i.verified,
      verified_at: i.verifiedAt,
    });
  for (const x of identifiers.remove) plan.identifierDeletes.push({ id: x, customer_id: id });
  for (const a of addresses.insert) plan.addressInserts.push(addressRow(id, a));
  for (const a of addresses.update) plan.addressUpdates.push(addressRow(id, a));
  for (const x of addresses.remove) plan.addressDeletes.push({ id: x, customer_id: id });
  for (const a of attributes.upsert)
    plan.attributeUpserts.push({
      customer_id: id,
      namespace: a.namespace,
      key: a.key,
      type: a.type,
      value: a.value,
    });
  for (const a of attributes.remove)
    plan.attributeDeletes.push({ customer_id: id, namespace: a.namespace, key: a.key });
  for (const g of groups.add) plan.membershipInserts.push({ customer_id: id, group_id: g });
  for (const g of groups.remove) plan.membershipDeletes.push({ customer_id: id, group_id: g });
  plan.events.push({
    tenant_id: tenantId,
    customer_id: id,
    dialect: actor.dialect,
    credential_id: actor.credentialId,
    attribution: actor.attribution ?? null,
    result: w.result,
    version: 0,
    changes: w.changes,
  });
  if (w.idempotency)
    plan.idempotency.push({
      tenant_id: tenantId,
      key: w.idempotency.key,
      request_hash: w.idempotency.requestHash,
      result: w.result,
      customer_id: id,
      changes: w.changes,
    });
}

/** Records an idempotency key whose request changed nothing (a NOOP). */
export function planNoopIdempotency(
  plan: WritePlan,
  r: { tenantId: string; key: string; requestHash: string; customerId: string },
): void {
  plan.idempotency.push({
    tenant_id: r.tenantId,
    key: r.key,
    request_hash: r.requestHash,
    result: "NOOP",
    customer_id: r.customerId,
    changes: [],
  });
}

/** Deletes a customer if it is still at `expectedVersion`, with its DELETED event. */
export function planDelete(
  plan: WritePlan,
  d: { id: string; tenantId: string; actor: Actor; expectedVersion: number },
): void {
  plan.deletes.push({ id: d.id, tenant_id: d.tenantId, expected_version: d.expectedVersion });
  plan.events.push({
    tenant_id: d.tenantId,
    customer_id: d.id,
    dialect: d.actor.dialect,
    credential_id: d.actor.credentialId,
    attribution: d.actor.attribution ?? null,
    result: "DELETED",
    version: d.expectedVersion + 1,
    changes: [],
  });
}

export interface IdempotencyRecord {
  tenantId: string;
  key: string;
  requestHash: string;
  result: string;
  customerId: string;
  changes: unknown;
}

/** The stored idempotency records for these (tenant, key) pairs. */
export async function loadIdempotencyRecords(
  sql: Sql,
  keys: readonly { tenantId: string; key: string }[],
): Promise<IdempotencyRecord[]> {
  const rows = await sql.query<IdempotencyRow>(
    `SELECT r.tenant_id, r.key, r.request_hash, r.result, r.customer_id, r.changes FROM idempotency_records r
     JOIN jsonb_to_recordset($1::jsonb) k(tenant_id text, key text) ON r.tenant_id = k.tenant_id AND r.key = k.key`,
    [JSON.stringify(keys.map((k) => ({ tenant_id: k.tenantId, key: k.key })))],
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    key: r.key,
    requestHash: r.request_hash,
    result: r.result,
    customerId: r.customer_id,
    changes: r.changes,
  }));
}

export interface WriteOutcome {
  /** customer id → assigned number, created/updated timestamps, new version */
  customers: Map<
    string,
    { number: number | null; version: number; createdAt: string; updatedAt: string }
  >;
  deleted: Set<string>;
  /** address id → number */
  addressNumbers: Map<string, number>;
}

const cols = Object.values(CUSTOMER_SCALARS);
const stamp = (col: string) =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const PLAN_KEYS = Object.keys(emptyPlan()) as (keyof WritePlan)[];

/**
 * The write statement for the lists a plan fills. Each list is its own `json` parameter:
 * PostgreSQL parses `json` lazily, once, where one big `jsonb` document cost ~1.5 ms per 100
 * created customers just to parse (measured here). Only the parts a plan needs are in its
 * statement: a part whose list is empty writes nothing (a child change of an updated customer
 * when nothing is updated, an event when no customer is written), and every part left in costs
 * its executor set-up and a json scan on each run, also when empty. A batch of creates needs
 * five parts of sixteen. The text of each shape is fixed (prepared once per connection and shape,
 * `cg_write_<bits>`); a handful of shapes occur in practice.
 *
 * Rows to change are found by `id = ANY(ARRAY(…))`, a primary-key probe: the planner guesses 100
 * rows for a json set and would otherwise hash-join against the whole table. The prepared
 * statement's generic plan is made on young tables too, where a seq scan looks cheaper still; the
 * sessions' enable_seqscan = off (create-db.ts) keeps that plan on the index as the tables grow.
 * Data-modifying CTEs run exactly once whether or not the outer query reads them, and all of
 * them commit or none does.
 */
export function writeStatement(plan: WritePlan): {
  name: string;
  text: string;
  params: string[];
} {
  let bits = 0;
  PLAN_KEYS.forEach((k, i) => {
    if (plan[k].length) bits |= 1 << i;
  });
  let s = shapes.get(bits);
  if (!s) {
    s = buildShape(new Set(PLAN_KEYS.filter((_, i) => bits & (1 << i))));
    shapes.set(bits, s);
  }
  return { name: s.name, text: s.text, params: s.keys.map((k) => JSON.stringify(plan[k])) };
}

const shapes = new Map<number, { name: string; text: string; keys: (keyof WritePlan)[] }>();

function buildShape(has: Set<keyof WritePlan>) {
  const keys: (keyof WritePlan)[] = [];
  const j = (key: keyof WritePlan) => {
    if (!keys.includes(key)) keys.push(key);
    return `$${keys.indexOf(key) + 1}::json`;
  };
  const ctes: string[] = [];
  const ins = has.has("creates");
  const upd = has.has("updates");
  const del = has.has("deletes");
  const ok = ins || upd;
  const taken = ins && has.has("guessedCreates") && has.has("identifierInserts");
  if (taken)
    ctes.push(`taken AS (
  SELECT d.customer_id FROM json_to_recordset(${j("identifierInserts")})
    d(customer_id text, tenant_id text, kind text, namespace text, value text)
  CROSS JOIN LATERAL (SELECT 1 FROM identifiers i WHERE i.tenant_id = d.tenant_id AND i.kind = d.kind
    AND i.namespace = d.namespace AND i.value = d.value OFFSET 0) i
  WHERE d.customer_id IN (SELECT json_array_elements_text(${j("guessedCreates")})))`);
  if (ins)
    ctes.push(`ins AS (
  INSERT INTO customers (id, tenant_id, ${cols.join(", ")}, version, created_by_dialect, created_by_credential,
                         created_by_attribution, updated_by_dialect, updated_by_credential, updated_by_attribution)
  SELECT v.id, v.tenant_id, ${cols.map((c) => `v.${c}`).join(", ")}, 1, v.created_by_dialect, v.created_by_credential,
         v.created_by_attribution, v.created_by_dialect, v.created_by_credential, v.created_by_attribution
  FROM json_populate_recordset(NULL::customers, ${j("creates")}) v
  ${taken ? "WHERE v.id NOT IN (SELECT customer_id FROM taken)" : ""}
  RETURNING id, number, version, created_at, updated_at)`);
  if (upd)
    ctes.push(`upd AS (
  UPDATE customers c SET ${cols.map((c) => `${c} = v.${c}`).join(", ")},
    version = c.version + 1, updated_at = now(),
    updated_by_dialect = v.updated_by_dialect, updated_by_credential = v.updated_by_credential,
    updated_by_attribution = v.updated_by_attribution
  FROM json_populate_recordset(NULL::customers, ${j("updates")}) v
  WHERE c.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("updates")}) x))
    AND c.id = v.id AND c.tenant_id = v.tenant_id AND c.version = v.version
  RETURNING c.id, c.version, c.created_at, c.updated_at)`);
  if (del)
    ctes.push(`del AS (
  DELETE FROM customers c USING json_to_recordset(${j("deletes")}) d(id text, tenant_id text, expected_version int)
  WHERE c.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("deletes")}) x))
    AND c.id = d.id AND c.tenant_id = d.tenant_id AND c.version = d.expected_version
  RETURNING c.id)`);
  if (ok)
    ctes.push(
      `ok AS (${[ins && "SELECT id, version FROM ins", upd && "SELECT id, version FROM upd"].filter(Boolean).join(" UNION ALL ")})`,
    );
  // Changes to an existing customer's children are written only with its update (so only when
  // the plan updates someone); new children only with their customer's create or update.
  const part = (key: keyof WritePlan, needs: boolean, text: () => string) => {
    if (has.has(key) && needs) ctes.push(text());
  };
  part(
    "identifierDeletes",
    upd,
    () => `i_del AS (
  DELETE FROM identifiers t USING json_to_recordset(${j("identifierDeletes")}) d(id text, customer_id text)
  WHERE t.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("identifierDeletes")}) x))
    AND t.id = d.id AND t.customer_id = d.customer_id AND d.customer_id IN (SELECT id FROM upd))`,
  );
  part(
    "identifierUpdates",
    upd,
    () => `i_upd AS (
  UPDATE identifiers t SET "primary" = d."primary", verified = d.verified, verified_at = d.verified_at
  FROM json_populate_recordset(NULL::identifiers, ${j("identifierUpdates")}) d
  WHERE t.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("identifierUpdates")}) x)) AND t.id = d.id AND t.customer_id = d.customer_id AND d.customer_id IN (SELECT id FROM upd))`,
  );
  part(
    "identifierInserts",
    ok,
    () => `i_ins AS (
  INSERT INTO identifiers (id, tenant_id, customer_id, kind, namespace, value, "primary", verified, verified_at)
  SELECT d.id, d.tenant_id, d.customer_id, d.kind, d.namespace, d.value, d."primary", d.verified, d.verified_at
  FROM json_populate_recordset(NULL::identifiers, ${j("identifierInserts")}) d
  WHERE d.customer_id IN (SELECT id FROM ok))`,
  );
  part(
    "addressDeletes",
    upd,
    () => `a_del AS (
  DELETE FROM addresses t USING json_to_recordset(${j("addressDeletes")}) d(id text, customer_id text)
  WHERE t.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("addressDeletes")}) x)) AND t.id = d.id AND t.customer_id = d.customer_id AND d.customer_id IN (SELECT id FROM upd))`,
  );
  part(
    "addressUpdates",
    upd,
    () => `a_upd AS (
  UPDATE addresses t SET position = d.position, is_default = d.is_default, first_name = d.first_name,
    last_name = d.last_name, company = d.company, address1 = d.address1, address2 = d.address2, city = d.city,
    province = d.province, province_code = d.province_code, country = d.country, country_code = d.country_code,
    zip = d.zip, phone = d.phone, middle_name = d.middle_name, name_prefix = d.name_prefix,
    name_suffix = d.name_suffix, fax = d.fax, vat_id = d.vat_id
  FROM json_populate_recordset(NULL::addresses, ${j("addressUpdates")}) d
  WHERE t.id = ANY(ARRAY(SELECT x ->> 'id' FROM json_array_elements(${j("addressUpdates")}) x)) AND t.id = d.id AND t.customer_id = d.customer_id AND d.customer_id IN (SELECT id FROM upd))`,
  );
  const aIns = has.has("addressInserts") && ok;
  part(
    "addressInserts",
    ok,
    () => `a_ins AS (
  INSERT INTO addresses (id, customer_id, position, is_default, first_name, last_name, company, address1, address2,
                         city, province, province_code, country, country_code, zip, phone,
                         middle_name, name_prefix, name_suffix, fax, vat_id)
  SELECT d.id, d.customer_id, d.position, d.is_default, d.first_name, d.last_name, d.company, d.address1, d.address2,
         d.city, d.province, d.province_code, d.country, d.country_code, d.zip, d.phone,
         d.middle_name, d.name_prefix, d.name_suffix, d.fax, d.vat_id
  FROM json_populate_recordset(NULL::addresses, ${j("addressInserts")}) d
  WHERE d.customer_id IN (SELECT id FROM ok)
  RETURNING id, number)`,
  );
  part(
    "attributeDeletes",
    upd,
    () => `t_del AS (
  DELETE FROM customer_attributes t USING json_to_recordset(${j("attributeDeletes")}) d(customer_id text, namespace text, key text)
  WHERE t.customer_id = d.customer_id AND t.namespace = d.namespace AND t.key = d.key AND d.customer_id IN (SELECT id FROM upd))`,
  );
  part(
    "attributeUpserts",
    ok,
    () => `t_ups AS (
  INSERT INTO customer_attributes (customer_id, namespace, key, type, value)
  SELECT d.customer_id, d.namespace, d.key, d.type, d.value
  FROM json_populate_recordset(NULL::customer_attributes, ${j("attributeUpserts")}) d
  WHERE d.customer_id IN (SELECT id FROM ok)
  ON CONFLICT (customer_id, namespace, key) DO UPDATE SET type = excluded.type, value = excluded.value)`,
  );
  part(
    "membershipDeletes",
    upd,
    () => `m_del AS (
  DELETE FROM customer_group_memberships t USING json_to_recordset(${j("membershipDeletes")}) d(customer_id text, group_id text)
  WHERE t.customer_id = d.customer_id AND t.group_id = d.group_id AND d.customer_id IN (SELECT id FROM upd))`,
  );
  part(
    "membershipInserts",
    ok,
    () => `m_ins AS (
  INSERT INTO customer_group_memberships (customer_id, group_id)
  SELECT d.customer_id, d.group_id FROM json_to_recordset(${j("membershipInserts")}) d(customer_id text, group_id text)
  WHERE d.customer_id IN (SELECT id FROM ok)
  ON CONFLICT DO NOTHING)`,
  );
  // An event is written for a customer this statement created, updated or deleted.
  part(
    "events",
    ok || del,
    () => `ev AS (
  INSERT INTO events (tenant_id, customer_id, dialect, credential_id, attribution, result, version, changes)
  SELECT d.tenant_id, d.customer_id, d.dialect, d.credential_id, d.attribution, d.result, ${ok ? "COALESCE(o.version, d.version)" : "d.version"}, d.changes
  FROM json_to_recordset(${j("events")}) d(tenant_id text, customer_id text, dialect text, credential_id text, attribution text, result text, version int, changes jsonb)
  ${ok ? "LEFT JOIN ok o ON o.id = d.customer_id" : ""}
  WHERE ${[ok && "o.id IS NOT NULL", del && "d.customer_id IN (SELECT id FROM del)"].filter(Boolean).join(" OR ")})`,
  );
  part(
    "idempotency",
    true,
    () => `idem AS (
  INSERT INTO idempotency_records (tenant_id, key, request_hash, result, customer_id, changes)
  SELECT d.tenant_id, d.key, d.request_hash, d.result, d.customer_id, d.changes
  FROM json_to_recordset(${j("idempotency")}) d(tenant_id text, key text, request_hash text, result text, customer_id text, changes jsonb)
  WHERE ${[ok && "d.customer_id IN (SELECT id FROM ok)", del && "d.customer_id IN (SELECT id FROM del)", "d.result = 'NOOP'"].filter(Boolean).join(" OR ")})`,
  );
  const out = [
    ins &&
      `SELECT 'c' AS k, id, number::text AS n, version, ${stamp("created_at")} AS created_at, ${stamp("updated_at")} AS updated_at FROM ins`,
    upd &&
      `SELECT 'u' AS k, id, NULL AS n, version, ${stamp("created_at")} AS created_at, ${stamp("updated_at")} AS updated_at FROM upd`,
    del &&
      "SELECT 'd' AS k, id, NULL AS n, NULL::int AS version, NULL AS created_at, NULL AS updated_at FROM del",
    aIns &&
      "SELECT 'a' AS k, id, number::text AS n, NULL::int AS version, NULL AS created_at, NULL AS updated_at FROM a_ins",
  ].filter(Boolean);
  const select = out.length
    ? out.join("\nUNION ALL ")
    : "SELECT NULL::text AS k, NULL::text AS id, NULL::text AS n, NULL::int AS version, NULL::text AS created_at, NULL::text AS updated_at WHERE false";
  const text = ctes.length ? `WITH ${ctes.join(",\n")}\n${select}` : select;
  return {
    name: `cg_write_${createHash("sha1").update(text).digest("hex").slice(0, 12)}`,
    text,
    keys,
  };
}

/** Applies a plan in one statement (atomic). Throws on constraint violations; see WritePlan. */
export async function applyWritePlan(sql: Sql, plan: WritePlan): Promise<WriteOutcome> {
  const w = writeStatement(plan);
  const rows = await sql.query<{
    k: string;
    id: string;
    n: string | null;
    version: number | null;
    created_at: string | null;
    updated_at: string | null;
  }>(w.text, w.params, w.name);
  const out: WriteOutcome = { customers: new Map(), deleted: new Set(), addressNumbers: new Map() };
  for (const r of rows) {
    if (r.k === "a") out.addressNumbers.set(r.id, Number(r.n));
    else if (r.k === "d") out.deleted.add(r.id);
    else
      out.customers.set(r.id, {
        number: r.n === null ? null : Number(r.n),
        version: Number(r.version),
        createdAt: r.created_at ?? "",
        updatedAt: r.updated_at ?? "",
      });
  }
  return out;
}
