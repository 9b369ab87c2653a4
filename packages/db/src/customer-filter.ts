import { CUSTOMER_SCALARS, type CustomerScalars } from "./records.ts";

/** How a text value is matched; every match but `equals` on identifiers is case-insensitive. */
export type TextMatch =
  | { equals: string }
  | { prefix: string }
  | { contains: string }
  /** SQL LIKE as vendors expose it: `%` is any run of characters, everything else literal (Fluent) */
  | { pattern: string }
  | { present: true };

export type Comparator = "<" | "<=" | ">" | ">=" | "=";

/** The customer's text scalars a filter may name; never the password hash (a prefix match would leak it). */
export type FilterableField = Exclude<
  {
    [K in keyof CustomerScalars]: CustomerScalars[K] extends string | null ? K : never;
  }[keyof CustomerScalars],
  "passwordHash"
>;

/** The same list as a value, for wire schemas; the type makes a missing or extra field an error. */
export const FILTERABLE_FIELDS = [
  "firstName",
  "middleName",
  "lastName",
  "fullName",
  "shortName",
  "namePrefix",
  "nameSuffix",
  "title",
  "locale",
  "timezone",
  "country",
  "department",
  "note",
  "taxNumber",
  "dateOfBirth",
  "gender",
  "status",
] as const satisfies readonly FilterableField[];
type Missing = Exclude<FilterableField, (typeof FILTERABLE_FIELDS)[number]>;
const _complete: [Missing] extends [never] ? true : Missing = true;
void _complete;

/**
 * A boolean filter over a tenant's customers, for the dialects' search languages (Shopify's
 * search syntax, and the search criteria of the dialects to come) to translate into. `all: []`
 * matches every customer, `any: []` none.
 */
export type CustomerFilter =
  | { all: CustomerFilter[] }
  | { any: CustomerFilter[] }
  | { not: CustomerFilter }
  /** owns an identifier of this kind whose value matches (`equals` compares normalised values exactly) */
  | { identifier: { kind: string; namespace?: string; match: TextMatch } }
  | { field: FilterableField; match: TextMatch }
  /** has a custom attribute whose value, as text, matches (Fluent's text kept for unlinked values) */
  | { attribute: { namespace: string; key: string; match: TextMatch } }
  /** carries this tag (case-insensitive) */
  | { tag: string }
  /** has an address in this country, by name or ISO code (case-insensitive) */
  | { addressCountry: string }
  /** the channel's marketing consent is SUBSCRIBED (or not) */
  | { marketingSubscribed: { channel: string; subscribed: boolean } }
  | { time: "createdAt" | "updatedAt"; op: Comparator; value: string }
  | { number: { op: Comparator; value: number } }
  /** case-insensitive substring of the names, note or any identifier value */
  | { text: string };

/** How deep a filter nests and how many nodes it has: the bounds a request's filter is held to. */
export function filterShape(f: CustomerFilter): { depth: number; nodes: number } {
  const children = "all" in f ? f.all : "any" in f ? f.any : "not" in f ? [f.not] : [];
  let depth = 0;
  let nodes = 1;
  for (const c of children) {
    const s = filterShape(c);
    depth = Math.max(depth, s.depth);
    nodes += s.nodes;
  }
  return { depth: depth + 1, nodes };
}

const like = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * SQL for a filter over `customers c`, with its values appended to `params` as bind parameters.
 * A negation is `IS NOT TRUE`, so a customer whose field is null still matches `not`.
 */
export function filterSql(f: CustomerFilter, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const text = (col: string, m: TextMatch) =>
    "equals" in m
      ? `lower(${col}) = lower(${p(m.equals)})`
      : "prefix" in m
        ? `${col} ILIKE ${p(`${like(m.prefix)}%`)}`
        : "contains" in m
          ? `${col} ILIKE ${p(`%${like(m.contains)}%`)}`
          : "pattern" in m
            ? `${col} ILIKE ${p(m.pattern.replace(/[\\_]/g, (x) => `\\${x}`))}`
            : `(${col} IS NOT NULL AND ${col} <> '')`;
  if ("all" in f)
    return f.all.length ? `(${f.all.map((x) => filterSql(x, params)).join(" AND ")})` : "TRUE";
  if ("any" in f)
    return f.any.length ? `(${f.any.map((x) => filterSql(x, params)).join(" OR ")})` : "FALSE";
  if ("not" in f) return `((${filterSql(f.not, params)}) IS NOT TRUE)`;
  if ("identifier" in f) {
    const { kind, namespace, match } = f.identifier;
    const value =
      "equals" in match
        ? `i.value = ${p(match.equals)}`
        : "present" in match
          ? "TRUE"
          : text("i.value", match);
    // The tenant too, so that an exact value is one probe of the unique (tenant, kind, namespace,
    // value) index rather than one probe per customer of the tenant.
    return `EXISTS (SELECT 1 FROM identifiers i WHERE i.customer_id = c.id AND i.tenant_id = c.tenant_id AND i.kind = ${p(kind)}${namespace === undefined ? "" : ` AND i.namespace = ${p(namespace)}`} AND ${value})`;
  }
  if ("field" in f) return text(`c.${CUSTOMER_SCALARS[f.field]}`, f.match);
  if ("attribute" in f) {
    const { namespace, key, match } = f.attribute;
    return `EXISTS (SELECT 1 FROM customer_attributes a WHERE a.customer_id = c.id AND a.namespace = ${p(namespace)} AND a.key = ${p(key)} AND ${text("(a.value #>> '{}')", match)})`;
  }
  if ("tag" in f)
    return `EXISTS (SELECT 1 FROM unnest(c.tags) t WHERE lower(t) = lower(${p(f.tag)}))`;
  if ("addressCountry" in f) {
    const v = p(f.addressCountry);
    return `EXISTS (SELECT 1 FROM addresses a WHERE a.customer_id = c.id AND (lower(a.country) = lower(${v}) OR lower(a.country_code) = lower(${v})))`;
  }
  if ("marketingSubscribed" in f) {
    const { channel, subscribed } = f.marketingSubscribed;
    return `((c.marketing -> ${p(channel)} ->> 'state') = 'SUBSCRIBED') IS ${subscribed ? "TRUE" : "NOT TRUE"}`;
  }
  if ("time" in f)
    return `c.${f.time === "createdAt" ? "created_at" : "updated_at"} ${f.op} ${p(f.value)}::timestamptz`;
  if ("number" in f) return `c.number ${f.number.op} ${p(f.number.value)}::bigint`;
  if ("text" in f) {
    const v = p(`%${like(f.text)}%`);
    return `(concat_ws(' ', c.first_name, c.last_name, c.full_name, c.short_name, c.note) ILIKE ${v}
      OR EXISTS (SELECT 1 FROM identifiers i WHERE i.customer_id = c.id AND i.value ILIKE ${v}))`;
  }
  return f satisfies never;
}
