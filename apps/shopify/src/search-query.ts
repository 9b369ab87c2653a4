import {
  type Comparator,
  type CustomerFilter,
  countryCodeOf,
  filterShape,
  normalizeEmail,
  normalizePhone,
  type TextMatch,
} from "@cg/core";

/**
 * Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) for `customers` and
 * `customersCount`, as a core filter:
 *
 *   Query      = Term { [ whitespace Connective ] whitespace Term }   (AND is implied; AND binds
 *   Connective = "AND" | "OR"                                          tighter than OR)
 *   Term       = [ Modifier ] ( "(" Query ")" | [ name Comparator ] value )
 *   Modifier   = "-" | "NOT" whitespace
 *   Comparator = ":" | ":<" | ":>" | ":<=" | ":>="
 *
 * Values are bare or quoted ('…' or "…", backslash escapes); a trailing `*` is a prefix match and
 * `field:*` means "has one". A term on a field Shopify does not document for customers is ignored,
 * as Shopify ignores it (also under a modifier).
 */
export function parseCustomerQuery(
  q: string | null | undefined,
): { where: CustomerFilter } | { error: string } {
  try {
    const where = new Parser(q ?? "").parse() ?? ALL;
    if (filterShape(where).nodes > MAX_TERMS)
      return { error: `Search query has more than ${MAX_TERMS} terms` };
    return { where };
  } catch (err) {
    if (err instanceof SearchSyntaxError) return { error: err.message };
    throw err;
  }
}

class SearchSyntaxError extends Error {}

/** Parentheses and modifiers nest at most this deep. */
const MAX_DEPTH = 32;
/** Terms (each tag of a list counts) and connectives after parsing, at most. */
const MAX_TERMS = 200;

const ALL: CustomerFilter = { all: [] };
const NONE: CustomerFilter = { any: [] };

interface Term {
  field: string | null;
  op: Comparator;
  value: string;
  quoted: boolean;
}

/** Shopify field → core filter; null ignores the term. The translation table of this dialect. */
const FIELDS: Record<string, (t: Term) => CustomerFilter | null> = {
  email: (t) => identifier("EMAIL", t, normalizeEmail),
  phone: (t) => identifier("PHONE", t, normalizePhone),
  first_name: (t) => ({ field: "firstName", match: textMatch(t) }),
  last_name: (t) => ({ field: "lastName", match: textMatch(t) }),
  tag: (t) => ({ any: tags(t.value).map((tag) => ({ tag })) }),
  tag_not: (t) => ({ not: { any: tags(t.value).map((tag) => ({ tag })) } }),
  // Addresses store a known country as its code: a name is looked up (core's country data).
  country: (t) => ({ addressCountry: countryCodeOf(t.value) ?? t.value }),
  accepts_marketing: (t) => ({
    marketingSubscribed: { channel: "email", subscribed: t.value.toLowerCase() === "true" },
  }),
  customer_date: (t) => time("createdAt", t),
  // Not in the documented table, but Shopify's REST search took it and integrations still send it.
  created_at: (t) => time("createdAt", t),
  updated_at: (t) => time("updatedAt", t),
  id: (t) => customerId(t),
  // The gateway has no customer accounts: every customer's state is DISABLED.
  state: (t) => (t.value.toUpperCase() === "DISABLED" ? ALL : NONE),
  // Nor orders: every customer has 0 orders, 0.0 spent, no order dates.
  orders_count: (t) => zero(t),
  total_spent: (t) => zero(t),
  order_date: () => NONE,
  last_abandoned_order_date: () => NONE,
};

function term(t: Term): CustomerFilter | null {
  if (t.field === null) {
    const v = !t.quoted && t.value.endsWith("*") ? t.value.slice(0, -1) : t.value;
    return v === "" ? ALL : { text: v };
  }
  const field = t.field.toLowerCase();
  return Object.hasOwn(FIELDS, field) ? FIELDS[field]!(t) : null;
}

function textMatch(t: Term): TextMatch {
  if (!t.quoted && t.value === "*") return { present: true };
  if (!t.quoted && t.value.endsWith("*")) return { prefix: t.value.slice(0, -1) };
  return { equals: t.value };
}

/**
 * Emails are tokenized in Shopify: a quoted or whole address matches exactly (normalised), a bare
 * fragment such as `gmail.com` matches addresses containing it. Phones compare in E.164.
 */
function identifier(
  kind: "EMAIL" | "PHONE",
  t: Term,
  normalize: (v: string) => { ok: true; value: string } | { ok: false },
): CustomerFilter {
  if (!t.quoted && t.value === "*") return { identifier: { kind, match: { present: true } } };
  if (!t.quoted && t.value.endsWith("*"))
    return { identifier: { kind, match: { prefix: t.value.slice(0, -1) } } };
  if (kind === "EMAIL" && !t.quoted && !t.value.includes("@"))
    return { identifier: { kind, match: { contains: t.value } } };
  const n = normalize(t.value);
  return n.ok ? { identifier: { kind, namespace: "", match: { equals: n.value } } } : NONE;
}

const tags = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Customer numbers come from a bigint sequence; an id of more than 15 digits is above any of them
 * (and above what a JavaScript number holds exactly), so it compares as such.
 */
function customerId(t: Term): CustomerFilter {
  if (!/^\d+$/.test(t.value)) return NONE;
  const digits = t.value.replace(/^0+(?=\d)/, "");
  if (digits.length <= 15) return { number: { op: t.op, value: Number(digits) } };
  return t.op === "<" || t.op === "<=" ? ALL : NONE;
}

/** `:` on a time matches the whole (UTC) day; `now` is the current time; years 1–9999 only. */
function time(field: "createdAt" | "updatedAt", t: Term): CustomerFilter | null {
  const at = t.value.toLowerCase() === "now" ? Date.now() : Date.parse(t.value);
  if (Number.isNaN(at)) return null;
  const year = new Date(at).getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  const iso = new Date(at).toISOString();
  if (t.op !== "=") return { time: field, op: t.op, value: iso };
  const day = new Date(at);
  day.setUTCHours(0, 0, 0, 0);
  const next = new Date(day.getTime() + 86_400_000);
  const from: CustomerFilter = { time: field, op: ">=", value: day.toISOString() };
  // The last day of year 9999 has no next day PostgreSQL can store.
  return next.getUTCFullYear() > 9999
    ? from
    : { all: [from, { time: field, op: "<", value: next.toISOString() }] };
}

function zero(t: Term): CustomerFilter | null {
  const n = Number(t.value);
  if (t.value === "" || Number.isNaN(n)) return null;
  const holds = { "=": 0 === n, "<": 0 < n, "<=": 0 <= n, ">": 0 > n, ">=": 0 >= n }[t.op];
  return holds ? ALL : NONE;
}

const SPECIAL = new Set(["(", ")", ":", '"', "'"]);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  parse(): CustomerFilter | null {
    return this.query(false);
  }

  private query(nested: boolean): CustomerFilter | null {
    const ors: CustomerFilter[][] = [[]];
    for (;;) {
      this.skipSpace();
      const c = this.s[this.i];
      if (c === undefined) break;
      if (c === ")") {
        if (nested) break;
        this.i++; // a stray closing parenthesis is ignored
        continue;
      }
      const w = this.keyword();
      if (w === "OR") {
        this.i += 2;
        ors.push([]);
        continue;
      }
      if (w === "AND") {
        this.i += 3;
        continue;
      }
      const t = this.term();
      if (t) ors[ors.length - 1]!.push(t);
    }
    const groups = ors.filter((g) => g.length).map((g) => (g.length === 1 ? g[0]! : { all: g }));
    return groups.length === 0 ? null : groups.length === 1 ? groups[0]! : { any: groups };
  }

  private term(): CustomerFilter | null {
    if (++this.depth > MAX_DEPTH)
      throw new SearchSyntaxError(`Search query is nested more than ${MAX_DEPTH} levels deep`);
    try {
      return this.unary();
    } finally {
      this.depth--;
    }
  }

  private unary(): CustomerFilter | null {
    const c = this.s[this.i];
    if (c === "-" && this.s[this.i + 1] !== undefined && !/\s/.test(this.s[this.i + 1]!)) {
      this.i++;
      return not(this.term());
    }
    if (this.keyword() === "NOT") {
      this.i += 3;
      this.skipSpace();
      return this.s[this.i] === undefined ? null : not(this.term());
    }
    if (c === "(") {
      this.i++;
      const q = this.query(true);
      if (this.s[this.i] === ")") this.i++;
      return q;
    }
    if (c === '"' || c === "'")
      return term({ field: null, op: "=", value: this.quoted(), quoted: true });
    const name = this.bare(true);
    if (this.s[this.i] !== ":") return term({ field: null, op: "=", value: name, quoted: false });
    this.i++;
    this.skipSpace(); // Shopify's own examples write `customer_date: >='2024-01-01'`
    let op: Comparator = "=";
    for (const x of ["<=", ">=", "<", ">"] as const)
      if (this.s.startsWith(x, this.i)) {
        op = x;
        this.i += x.length;
        break;
      }
    this.skipSpace();
    const q = this.s[this.i] === '"' || this.s[this.i] === "'";
    return term({ field: name, op, value: q ? this.quoted() : this.bare(false), quoted: q });
  }

  /** A connective or NOT at the cursor, as a whole word. */
  private keyword(): string | null {
    const m = /^(AND|OR|NOT)(?=\s|$|\()/.exec(this.s.slice(this.i, this.i + 4));
    return m ? m[1]! : null;
  }

  /** A name (stops at `:`) or a bare value (stops at whitespace or `)`); `\` escapes. */
  private bare(name: boolean): string {
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (/\s/.test(c) || c === ")" || (name && SPECIAL.has(c))) break;
      if (c === "\\" && this.i + 1 < this.s.length) {
        out += this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    return out;
  }

  private quoted(): string {
    const q = this.s[this.i++];
    let out = "";
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === "\\" && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i++];
    }
    this.i++; // the closing quote (or the end)
    return out;
  }

  private skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
}

const not = (f: CustomerFilter | null): CustomerFilter | null => (f === null ? null : { not: f });
