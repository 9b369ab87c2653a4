import { normalizeEmail, normalizePhone, type ListInput } from "@cg/core";

export type Filters = Pick<ListInput, "keys" | "tags" | "text" | "updatedAfter" | "updatedBefore" | "createdAfter" | "createdBefore">;

/** `field:value`, `field:"quoted value"`, `field:>2024-01-01`, bare words; AND is implicit. */
const TOKEN = /(-?)(?:([A-Za-z_]+):(>=|<=|>|<)?(?:"((?:[^"\\]|\\.)*)"|(\S+))|"((?:[^"\\]|\\.)*)"|(\S+))/g;

/**
 * The common part of Shopify's customer search syntax, as core list filters. A term core cannot
 * express (OR, negation, unknown fields) is ignored rather than failing the query, as Shopify
 * ignores unknown fields; `nothing` says a filter can match no customer (e.g. an invalid email).
 */
export function parseCustomerQuery(q: string | null | undefined): { filters: Filters; nothing: boolean } {
  const f: Filters = {};
  let nothing = false;
  const words: string[] = [];
  const keys: NonNullable<Filters["keys"]>[number][] = [];
  for (const m of (q ?? "").matchAll(TOKEN)) {
    const [, neg, field, op, quoted, plainValue, quotedWord, word] = m;
    if (neg) continue;
    if (!field) {
      const w = quotedWord ?? word ?? "";
      if (!["AND", "OR", "NOT"].includes(w) && w !== "") words.push(w);
      continue;
    }
    const value = (quoted ?? plainValue ?? "").replace(/\\(.)/g, "$1");
    switch (field.toLowerCase()) {
      case "email": {
        const n = normalizeEmail(value);
        if (n.ok) keys.push({ kind: "EMAIL", namespace: "", value: n.value });
        else nothing = true;
        break;
      }
      case "phone": {
        const n = normalizePhone(value);
        if (n.ok) keys.push({ kind: "PHONE", namespace: "", value: n.value });
        else nothing = true;
        break;
      }
      case "tag":
        f.tags = [...(f.tags ?? []), value];
        break;
      case "updated_at":
      case "created_at": {
        const when = parseDate(value);
        if (!when) break;
        const after = op === ">" || op === ">=";
        const before = op === "<" || op === "<=";
        const k = field.toLowerCase() === "updated_at" ? "updated" : "created";
        if (after) f[`${k}After`] = when;
        else if (before) f[`${k}Before`] = when;
        break;
      }
      default:
        break;
    }
  }
  if (keys.length) f.keys = keys;
  if (words.length) f.text = words.join(" ");
  return { filters: f, nothing };
}

function parseDate(v: string): string | null {
  if (v.toLowerCase() === "now") return new Date().toISOString();
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
